/** What a DCO revaluation or flag-maintenance run works on. Property names are configurable; these are the defaults. */
export interface DcoConfig {
  /** Property that marks an entity for revaluation (`true`). */
  flagProperty: string;
  /** When set, nodes (Credex, LoopAnchor) are flagged by this label instead of the property. */
  flagLabel?: string;
  /** Property that records the Daynode date an entity was last revalued to. */
  markerProperty: string;
  /**
   * Property that holds, with the marker, the values the revaluation wrote that no other part of credex-core writes
   * (see FINGERPRINTED); default `DCOfingerprint`.
   */
  fingerprintProperty?: string;
  /** Entities per write transaction (revaluation batches; the flag and SearchSpace passes use it as rows per inner transaction). */
  batchSize: number;
  /** What `mode: flag` does with REDEEMED/CREDLOOP/LoopAnchor: flag them (revalue) or clear their flags (freeze). */
  history: 'revalue' | 'freeze';
}

export const DEFAULT_CONFIG: DcoConfig = {
  flagProperty: 'DCOrevalue',
  markerProperty: 'DCOrevaluedOn',
  fingerprintProperty: 'DCOfingerprint',
  batchSize: 10_000,
  history: 'revalue',
};

export function fingerprintProperty(config: DcoConfig): string {
  return config.fingerprintProperty ?? 'DCOfingerprint';
}

/** Property names of the credex-core model that the statements use. */
export const MODEL = {
  credexAmounts: ['InitialAmount', 'OutstandingAmount', 'RedeemedAmount', 'DefaultedAmount', 'WrittenOffAmount'],
  relAmounts: ['AmountRedeemed', 'AmountOutstandingNow'],
  anchorAmounts: ['LoopedAmount'],
  lease: { runId: 'DCOleaseRunId', expiresAt: 'DCOleaseExpiresAt' },
  /** credex-core's flag that holds the minute transaction queue off, and which run of this step set it. */
  hold: { running: 'DCOrunningNow', runId: 'DCOholdRunId' },
} as const;

/**
 * The values each kind of entity carries in its fingerprint: those the revaluation writes and, in credex-core
 * (commit 9028233), nothing else writes after the entity is created. The queue legitimately changes a credex's
 * OutstandingAmount and RedeemedAmount (LoopFinder), the DCO its DefaultedAmount, cancel/decline its
 * OutstandingAmount: those are left out, or every credex the queue touched would look tampered with.
 */
export const FINGERPRINTED = {
  credex: ['InitialAmount', 'WrittenOffAmount', 'CXXmultiplier'],
  rel: ['AmountRedeemed', 'AmountOutstandingNow', 'CXXmultiplier'],
  anchor: ['LoopedAmount'],
} as const;

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/** Returns why `name` cannot be used as a property or label name, or undefined when it can. */
export function identifierProblem(name: string): string | undefined {
  if (!IDENTIFIER.test(name))
    return `must be a plain name (letters, digits, _; not starting with a digit), got ${JSON.stringify(name)}`;
  return undefined;
}

/** Quotes a validated identifier for Cypher. */
export function q(name: string): string {
  if (identifierProblem(name)) throw new Error(`not a safe identifier: ${name}`);
  return `\`${name}\``;
}

import { FINGERPRINTED, MODEL, fingerprintProperty, q, type DcoConfig } from './config';

/** The categories a run reports on. */
export const CATEGORIES = [
  'cxxCredexes',
  'currencyCredexes',
  'redeemed',
  'credloop',
  'loopAnchors',
  'searchCredexes',
] as const;
export type Category = (typeof CATEGORIES)[number];
export type LedgerCategory = Exclude<Category, 'searchCredexes'>;

/** One LedgerSpace category: which entities, which amounts, how their denomination is decided. */
export interface Step {
  category: LedgerCategory;
  entity: 'node' | 'rel';
  /** Label (nodes) or relationship type. */
  name: string;
  amounts: readonly string[];
  /** `cxx`/`currency`: only that kind; `mixed`: per entity by Denomination; `always-cxx`: LoopAnchors. */
  denomination: 'cxx' | 'currency' | 'mixed' | 'always-cxx';
  /** Whether a `[:CREATED_ON]->(:Daynode)` gives the as-of date when there is no marker. */
  createdOn: boolean;
  /**
   * Relationships: where the LoopAnchor whose CREATED_ON dates them (when they carry no marker) is found. `end`: the
   * REDEEMED relationship points at it; `loop`: the CREDLOOP's start credex REDEEMED into the anchor with its loopID
   * (the shapes credex-core's LoopFinder creates).
   */
  anchor?: 'end' | 'loop';
  /** Values kept in the fingerprint (FINGERPRINTED). */
  fingerprint: readonly string[];
}

export const STEPS: readonly Step[] = [
  {
    category: 'cxxCredexes',
    entity: 'node',
    name: 'Credex',
    amounts: MODEL.credexAmounts,
    denomination: 'cxx',
    createdOn: true,
    fingerprint: FINGERPRINTED.credex,
  },
  {
    category: 'currencyCredexes',
    entity: 'node',
    name: 'Credex',
    amounts: MODEL.credexAmounts,
    denomination: 'currency',
    createdOn: true,
    fingerprint: FINGERPRINTED.credex,
  },
  {
    category: 'redeemed',
    entity: 'rel',
    name: 'REDEEMED',
    amounts: MODEL.relAmounts,
    denomination: 'mixed',
    createdOn: false,
    anchor: 'end',
    fingerprint: FINGERPRINTED.rel,
  },
  {
    category: 'credloop',
    entity: 'rel',
    name: 'CREDLOOP',
    amounts: MODEL.relAmounts,
    denomination: 'mixed',
    createdOn: false,
    anchor: 'loop',
    fingerprint: FINGERPRINTED.rel,
  },
  {
    category: 'loopAnchors',
    entity: 'node',
    name: 'LoopAnchor',
    amounts: MODEL.anchorAmounts,
    denomination: 'always-cxx',
    createdOn: true,
    fingerprint: FINGERPRINTED.anchor,
  },
];

/** `e` is flagged. */
export function flagCondition(config: DcoConfig, entity: 'node' | 'rel', variable = 'e'): string {
  if (entity === 'node' && config.flagLabel) return `${variable}:${q(config.flagLabel)}`;
  return `${variable}.${q(config.flagProperty)} = true`;
}

/** MATCH clause binding `e` to every entity of the step's kind (flagged or not), denomination filter included. */
export function matchAll(step: Step): string {
  const pattern = step.entity === 'node' ? `(e:${q(step.name)})` : `()-[e:${q(step.name)}]->()`;
  const where =
    step.denomination === 'cxx'
      ? "e.Denomination = 'CXX'"
      : step.denomination === 'currency'
        ? "coalesce(e.Denomination, '') <> 'CXX'"
        : 'true';
  return `MATCH ${pattern} WHERE ${where}`;
}

/** MATCH clause binding `e` to the flagged entities of the step. */
export function matchFlagged(config: DcoConfig, step: Step): string {
  return `${matchAll(step)} AND ${flagCondition(config, step.entity)}`;
}

/** Expression: is `e` valued in CXX. */
export function cxxExpression(step: Step): string {
  switch (step.denomination) {
    case 'cxx':
    case 'always-cxx':
      return 'true';
    case 'currency':
      return 'false';
    case 'mixed':
      return "coalesce(e.Denomination = 'CXX', false)";
  }
}

/**
 * Clause that binds `t`, the node a relationship's LoopAnchor is found from (nothing for nodes). It must come before
 * `asOfExpression` is used, carrying the variables listed in `carry`.
 */
export function anchorBinding(step: Step, carry = 'e'): string {
  if (!step.anchor) return '';
  return `WITH ${carry}, ${step.anchor === 'end' ? 'endNode(e)' : 'startNode(e)'} AS t\n`;
}

/**
 * Expression: the date e's amounts are expressed in. The marker when present, else the Daynode it was created on
 * (for relationships: the one their LoopAnchor was created on, through `t` from `anchorBinding`), else the Daynode
 * before the Active one (what the original statement assumed for everything).
 */
export function asOfExpression(config: DcoConfig, step: Step): string {
  let created = '';
  if (step.createdOn) created = 'head([(e)-[:CREATED_ON]->(x:Daynode) | x.Date]), ';
  else if (step.anchor === 'end') created = 'head([(t:LoopAnchor)-[:CREATED_ON]->(x:Daynode) | x.Date]), ';
  else if (step.anchor === 'loop')
    created = 'head([(t)-[:REDEEMED]->(a:LoopAnchor)-[:CREATED_ON]->(x:Daynode) WHERE a.loopID = e.loopID | x.Date]), ';
  return `coalesce(e.${q(config.markerProperty)}, ${created}$prevDate)`;
}

/** Not yet revalued to $date. */
export function pendingCondition(config: DcoConfig): string {
  const m = `e.${q(config.markerProperty)}`;
  return `(${m} IS NULL OR ${m} < $date)`;
}

/** A missing value in a fingerprint (property lists cannot hold null); no amount is ever minus infinity. */
const MISSING = '-1.0/0.0';

/**
 * The fingerprint as a Cypher list: one float per fingerprinted value, in FINGERPRINTED order, a missing value as
 * minus infinity. `value` gives each value's expression (the stored property, or what a SET is about to write).
 */
export function fingerprintList(step: Step, value: (name: string) => string = (n) => `e.${q(n)}`): string {
  return `[${step.fingerprint.map((n) => `coalesce(toFloat(${value(n)}), ${MISSING})`).join(', ')}]`;
}

/**
 * Expression: `e` carries a fingerprint that its values no longer match (another writer changed them since this step
 * revalued it). An entity without a fingerprint has nothing to compare with and is not tampered.
 */
export function tamperedExpression(config: DcoConfig, step: Step): string {
  return `coalesce(e.${q(fingerprintProperty(config))} <> ${fingerprintList(step)}, false)`;
}

/**
 * Pending flagged entities of the step whose as-of date is before $date, as rows of e, cxx, f (factor) and rate (only
 * the variables the step's kind needs). With `skipTampered`, entities another writer changed since this step
 * revalued them are left out (the operator's `on-tampered: skip`); otherwise preflight has dealt with them.
 */
function pendingRows(config: DcoConfig, step: Step, skipTampered: boolean): string {
  const values = stepVariables(step).map((v) => `${VARIABLES[v]} AS ${v}`);
  const tamper = skipTampered ? ` AND NOT ${tamperedExpression(config, step)}` : '';
  return `${matchFlagged(config, step)} AND ${pendingCondition(config)}${tamper}
${anchorBinding(step)}WITH e, ${asOfExpression(config, step)} AS asOf
WITH e, asOf, ${values.join(', ')}`;
}

const VARIABLES = {
  cxx: "coalesce(e.Denomination = 'CXX', false)",
  f: '$factors[toString(asOf)]',
  rate: '$rates[e.Denomination]',
} as const;

/** What the revaluation of a step's entities needs per entity: cxx (mixed steps), f (factor), rate. */
export function stepVariables(step: Step): (keyof typeof VARIABLES)[] {
  if (step.denomination === 'cxx' || step.denomination === 'always-cxx') return ['f'];
  if (step.denomination === 'currency') return ['rate'];
  return ['cxx', 'f', 'rate'];
}

/**
 * Whether a pending `e` can be revalued now (over e, asOf and its `stepVariables`): expressed as of an earlier day, and a CXX
 * amount with a factor or a currency with rate and multiplier. Factors exist only for days before $date.
 */
export function revaluableCondition(step: Step): string {
  const cxx = 'f IS NOT NULL';
  const currency = 'asOf < $date AND rate IS NOT NULL AND toFloat(e.CXXmultiplier) <> 0.0';
  if (step.denomination === 'cxx' || step.denomination === 'always-cxx') return cxx;
  if (step.denomination === 'currency') return currency;
  return `CASE WHEN cxx THEN ${cxx} ELSE ${currency} END`;
}

/** The new value of an amount: CXX divided by the factor, currency re-expressed at the rate (floats throughout). */
function newAmount(step: Step, amount: string): string {
  const a = `toFloat(e.${q(amount)})`;
  const cxx = `${a} / f`;
  const currency = `${a} / toFloat(e.CXXmultiplier) * rate`;
  if (step.denomination === 'cxx' || step.denomination === 'always-cxx') return cxx;
  if (step.denomination === 'currency') return currency;
  return `CASE WHEN cxx THEN ${cxx} ELSE ${currency} END`;
}

function newMultiplier(step: Step): string | undefined {
  if (step.denomination === 'currency') return 'rate';
  if (step.denomination === 'mixed') return 'CASE WHEN cxx THEN e.CXXmultiplier ELSE rate END';
  return undefined;
}

/**
 * The revaluation of `e` (over e and its `stepVariables`): a WITH computing the new values, then one SET with
 * every amount, the multiplier where the step has currencies, the marker and the fingerprint of what it wrote. The
 * new values are computed first because the expressions of a SET read the values from before it.
 */
export function revaluationClauses(config: DcoConfig, step: Step): string {
  const multiplier = newMultiplier(step);
  const values = step.amounts.map((a, i) => `${newAmount(step, a)} AS v${i}`);
  if (multiplier) values.push(`${multiplier} AS m`);
  const written = (name: string): string => {
    const i = step.amounts.indexOf(name);
    if (i >= 0) return `v${i}`;
    return name === 'CXXmultiplier' && multiplier ? 'm' : `e.${q(name)}`;
  };
  const sets = step.amounts.map((a, i) => `e.${q(a)} = v${i}`);
  if (multiplier) sets.push('e.CXXmultiplier = m');
  sets.push(`e.${q(config.markerProperty)} = $date`);
  sets.push(`e.${q(fingerprintProperty(config))} = ${fingerprintList(step, written)}`);
  return `WITH e, ${values.join(', ')}\nSET ${sets.join(',\n    ')}`;
}

/** The steps' statements as one, rows of each tagged by the statements themselves: one round trip. */
function unionOfSteps(statement: (step: Step) => string, columns: string): string {
  return `CALL {\n${STEPS.map(statement).join('\nUNION ALL\n')}\n}\nRETURN ${columns}`;
}

/**
 * One batch of the revaluation of one category: up to $batch flagged entities not yet marked with the Active
 * Daynode's date (and expressed as of an earlier day), revalued in one transaction. Amounts, multiplier, marker and
 * fingerprint change in the same SET, so an entity is either wholly revalued or untouched. The caller repeats the
 * statement (each time in its own transaction) until a batch revalues fewer than $batch entities: revalued entities
 * carry the marker, so each batch takes the next ones, and the server never holds more than one batch of rows. An
 * entity that cannot be revalued (no factor or rate, a zero multiplier: preflight refuses those, so only one written
 * after it) is passed over, never selected; so is, with `skipTampered`, one another writer changed since this step
 * last revalued it.
 *
 * Parameters: $date (Active Daynode's Date), $prevDate, $factors (as-of date text -> product of k, for CXX),
 * $rates (denomination -> CXX per unit on the Active Daynode), $batch.
 */
export function revalueBatchStatement(config: DcoConfig, step: Step, options: { skipTampered?: boolean } = {}): string {
  return `${pendingRows(config, step, options.skipTampered ?? false)}
WHERE ${revaluableCondition(step)}
WITH e, ${stepVariables(step).join(', ')} LIMIT $batch
${revaluationClauses(config, step)}
RETURN count(e) AS revalued`;
}

/**
 * One batch of entities that only get the marker and a fingerprint of their values as they are: pending ones
 * already expressed on $date (created on the Active day) and not tampered, or tampered ones only when the operator
 * said so ($revalueTampered for those expressed on $date, $adoptTampered for all). Repeated like the revaluation.
 * `adopted` counts the tampered ones whose values were taken as they are.
 */
export function markBatchStatement(config: DcoConfig, step: Step): string {
  const marker = `e.${q(config.markerProperty)}`;
  return `${matchFlagged(config, step)}
WITH e, coalesce(${marker} = $date, false) AS done, ${tamperedExpression(config, step)} AS tampered
${anchorBinding(step, 'e, done, tampered')}WITH e, done, tampered, CASE WHEN done THEN $date ELSE ${asOfExpression(config, step)} END AS asOf
WHERE (NOT done AND asOf >= $date AND NOT tampered) OR (tampered AND ($adoptTampered OR ($revalueTampered AND asOf >= $date)))
WITH e, done OR (tampered AND $adoptTampered) AS adopted LIMIT $batch
SET ${marker} = $date, e.${q(fingerprintProperty(config))} = ${fingerprintList(step)}
RETURN count(e) AS marked, sum(CASE WHEN adopted THEN 1 ELSE 0 END) AS adopted`;
}

/**
 * Per category, how many flagged entities are still pending and cannot be revalued (those the batches pass over),
 * in one statement.
 */
export function stuckStatement(config: DcoConfig, skipTampered = false): string {
  return unionOfSteps(
    (step) => `${pendingRows(config, step, skipTampered)}
WHERE NOT coalesce(${revaluableCondition(step)}, false) AND asOf < $date
RETURN '${step.category}' AS category, count(e) AS stuck`,
    'category, stuck',
  );
}

/**
 * What a run would meet among the flagged entities of a category, in one pass: how many per group of done (already
 * carrying $date), tampered, as-of date, denomination, multiplier missing or zero, and dated after $date.
 */
export function flaggedStatsStatement(config: DcoConfig, step: Step): string {
  const marker = `e.${q(config.markerProperty)}`;
  return `${matchFlagged(config, step)}
${anchorBinding(step)}WITH e, coalesce(${marker} = $date, false) AS done, ${asOfExpression(config, step)} AS asOf
RETURN done, ${tamperedExpression(config, step)} AS tampered, toString(asOf) AS asOf, asOf > $date AS future,
  e.Denomination AS denomination, coalesce(toFloat(e.CXXmultiplier), 0.0) = 0.0 AS badMultiplier, count(*) AS n`;
}

/** How an entity is named in reports: credex-core's own id where it has one, else its element id. */
const ENTITY_ID = 'coalesce(e.credexID, e.redeemedRelID, e.credloopRelID, e.loopID, elementId(e))';

/** Up to $limit tampered flagged entities of a category: id, marker, the fingerprint and the values now. */
export function tamperedSampleStatement(config: DcoConfig, step: Step): string {
  return `${matchFlagged(config, step)} AND ${tamperedExpression(config, step)}
RETURN ${ENTITY_ID} AS id, toString(e.${q(config.markerProperty)}) AS marker,
  e.${q(fingerprintProperty(config))} AS written, ${fingerprintList(step)} AS now
LIMIT $limit`;
}

/** Flagged entities, with what verification needs: id, kind, as-of, amounts, multiplier, marker, tampered. */
export function flaggedSnapshotStatement(config: DcoConfig, step: Step): string {
  const amounts = step.amounts.map((a) => `e.${q(a)}`).join(', ');
  return `${matchFlagged(config, step)}
${anchorBinding(step)}RETURN elementId(e) AS id, ${cxxExpression(step)} AS cxx, toString(${asOfExpression(config, step)}) AS asOf,
  [${amounts}] AS amounts, e.CXXmultiplier AS multiplier, e.Denomination AS denomination,
  toString(e.${q(config.markerProperty)}) AS marker, ${tamperedExpression(config, step)} AS tampered`;
}

/** Unflagged entities of the step with all their properties (for the order-stable checksum). */
export function unflaggedStatement(config: DcoConfig, step: Step): string {
  return `${matchAll(step)} AND NOT coalesce(${flagCondition(config, step.entity)}, false)
RETURN elementId(e) AS id, properties(e) AS props`;
}

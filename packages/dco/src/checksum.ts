import { createHash } from 'node:crypto';
import type { DcoConfig } from './config';
import { chunks, type Target } from './search';
import { STEPS, unflaggedStatement } from './steps';
import { canonicalValue } from './values';

export interface Checksum {
  entities: number;
  /** Sum of per-entity SHA-256 prefixes modulo 2^128, in hex: the same whatever order the entities are read in. */
  digest: string;
}

const MOD = 1n << 128n;

/** Hash of one entity: its category, element id and every property (keys sorted, values with their types). */
export function entityHash(kind: string, id: string, props: Record<string, unknown>): bigint {
  const text = [
    kind,
    id,
    ...Object.keys(props)
      .sort()
      .map((k) => `${k}=${canonicalValue(props[k])}`),
  ].join('\u0000');
  return BigInt(`0x${createHash('sha256').update(text).digest('hex').slice(0, 32)}`);
}

/** Order-stable checksum over every unflagged Credex, REDEEMED, CREDLOOP and LoopAnchor (what a run must not touch). */
export async function unflaggedChecksum(target: Target, config: DcoConfig, batchSize = 10_000): Promise<Checksum> {
  let sum = 0n;
  let entities = 0;
  for (const step of STEPS) {
    // CXX and currency credexes are one kind here: the split is only a filter.
    const kind = step.entity === 'node' ? `node:${step.name}` : `rel:${step.name}`;
    const rows = chunks(target, unflaggedStatement(config, step), {}, batchSize, (r) => ({
      id: r.get('id') as string,
      props: r.get('props') as Record<string, unknown>,
    }));
    for await (const chunk of rows) {
      for (const row of chunk) {
        sum = (sum + entityHash(kind, row.id, row.props)) % MOD;
        entities++;
      }
    }
  }
  return { entities, digest: sum.toString(16).padStart(32, '0') };
}

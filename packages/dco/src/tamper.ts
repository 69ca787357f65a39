import neo4j from 'neo4j-driver';
import type { DcoConfig } from './config';
import type { Target } from './search';
import { STEPS, tamperedSampleStatement, type LedgerCategory } from './steps';
import { asNumber } from './values';

/**
 * What a run does with flagged entities whose fingerprint no longer matches their values (another writer changed
 * them after this step revalued them):
 * - `stop`: refuse the whole run, nothing written (the default: an operator decides);
 * - `skip`: revalue everything else and leave those exactly as they are (reported again next time);
 * - `revalue`: take their values as expressed on their marker's date and revalue them like the others;
 * - `mark-current`: take their values as already expressed on the Active date: marker and fingerprint set, amounts
 *   untouched (after credex-core's old full update ran on that day, for example).
 */
export const TAMPER_POLICIES = ['stop', 'skip', 'revalue', 'mark-current'] as const;
export type TamperPolicy = (typeof TAMPER_POLICIES)[number];

/** Tampered flagged entities per category, split by whether they carry the Active date already. */
export interface TamperCounts {
  pending: Record<LedgerCategory, number>;
  done: Record<LedgerCategory, number>;
}

export function tamperTotal(counts: TamperCounts): number {
  return STEPS.reduce((n, s) => n + counts.pending[s.category] + counts.done[s.category], 0);
}

/** "cxxCredexes 5, redeemed 2" for the categories that have any. */
export function tamperSplit(counts: TamperCounts): string {
  return STEPS.map((s) => [s.category, counts.pending[s.category] + counts.done[s.category]] as const)
    .filter(([, n]) => n > 0)
    .map(([c, n]) => `${c} ${n}`)
    .join(', ');
}

function shown(value: unknown): string {
  const n = asNumber(value);
  if (n === undefined) return String(value);
  return n === Number.NEGATIVE_INFINITY ? 'missing' : String(n);
}

/**
 * Up to `limit` tampered entities as one line each: which entity, the date it was revalued to, and each
 * fingerprinted value that differs ("now" vs "written").
 */
export async function tamperedSamples(target: Target, config: DcoConfig, limit = 10): Promise<string[]> {
  const lines: string[] = [];
  const session = target.driver.session({ database: target.database, defaultAccessMode: neo4j.session.READ });
  try {
    for (const step of STEPS) {
      if (lines.length >= limit) break;
      const result = await session.run(tamperedSampleStatement(config, step), {
        limit: neo4j.int(limit - lines.length),
      });
      for (const r of result.records) {
        const written = (r.get('written') as unknown[] | null) ?? [];
        const now = r.get('now') as unknown[];
        const changes = step.fingerprint
          .map((name, i) => ({ name, was: written[i], is: now[i] }))
          .filter((c) => asNumber(c.was) !== asNumber(c.is))
          .map((c) => `${c.name} ${shown(c.is)} (written ${shown(c.was)})`);
        if (written.length !== now.length)
          changes.push(`fingerprint of ${written.length} values, expected ${now.length}`);
        lines.push(
          `${step.category} ${String(r.get('id'))} (revalued to ${String(r.get('marker'))}): ${changes.join(', ')}`,
        );
      }
    }
  } finally {
    await session.close();
  }
  return lines;
}

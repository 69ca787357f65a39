import type { DcoConfig } from './config';
import type { Plan } from './plan';
import { checkSearchSync, chunks, type SearchCheck, type Target } from './search';
import { STEPS, flaggedSnapshotStatement } from './steps';
import { asNumber } from './values';

export interface FlaggedEntity {
  cxx: boolean;
  asOf: string;
  amounts: (number | null)[];
  multiplier: number | undefined;
  denomination: string | null;
  marker: string | null;
  /** Its fingerprint does not match its values (another writer changed it after this step revalued it). */
  tampered?: boolean;
}

/** Flagged entities keyed by category and element id. */
export type FlaggedSnapshot = Map<string, FlaggedEntity>;

export async function snapshotFlagged(
  target: Target,
  config: DcoConfig,
  plan: Plan,
  batchSize = 10_000,
): Promise<FlaggedSnapshot> {
  const params = { prevDate: plan.active?.prevDate ?? null };
  const snapshot: FlaggedSnapshot = new Map();
  for (const step of STEPS) {
    const rows = chunks(target, flaggedSnapshotStatement(config, step), params, batchSize, (r) => ({
      key: `${step.category}:${r.get('id') as string}`,
      entity: {
        cxx: r.get('cxx') === true,
        asOf: r.get('asOf') as string,
        amounts: (r.get('amounts') as unknown[]).map((a) => asNumber(a) ?? null),
        multiplier: asNumber(r.get('multiplier')),
        denomination: (r.get('denomination') as string | null) ?? null,
        marker: (r.get('marker') as string | null) ?? null,
        tampered: r.get('tampered') === true,
      },
    }));
    for await (const chunk of rows) for (const row of chunk) snapshot.set(row.key, row.entity);
  }
  return snapshot;
}

export interface Verification {
  ok: boolean;
  flaggedChecked: number;
  /** Flagged entities without the Active date as marker. */
  unmarked: number;
  /** CXX amounts not equal to before / expected factor (or changed when they should not have). */
  cxxMismatches: number;
  /** Currency face values (amount / CXXmultiplier) moved by more than 1e-9 relative, or multiplier not the rate. */
  currencyMismatches: number;
  /** Flagged entities whose fingerprint does not match their values after the run (those left by `skip` aside). */
  tampered: number;
  /** Tampered entities left as they were (`on-tampered: skip`). */
  skipped: number;
  unflagged: { entities: number; before: string; after: string; equal: boolean };
  search?: SearchCheck;
  samples: string[];
}

const FACE_TOLERANCE = 1e-9;

function faceMoved(
  before: number | null,
  mBefore: number | undefined,
  after: number | null,
  mAfter: number | undefined,
): boolean {
  if (before === null || after === null) return before !== after;
  if (mBefore === undefined || mAfter === undefined) return true;
  const a = before / mBefore;
  const b = after / mAfter;
  if (a === b) return false;
  return Math.abs(a - b) > FACE_TOLERANCE * Math.max(Math.abs(a), Math.abs(b));
}

/**
 * Compares the flagged entities after a run with what they were before: each carries the Active date and a
 * fingerprint that matches its values; CXX amounts are exactly before / factor (unchanged if they were already
 * revalued today, or taken as they are by the operator's on-tampered decision); currency face values hold to 1e-9
 * relative and the multiplier is the day's rate; tampered entities the operator said to skip are exactly as they were.
 */
export function compareFlagged(
  before: FlaggedSnapshot,
  after: FlaggedSnapshot,
  plan: Plan,
): Omit<Verification, 'ok' | 'unflagged' | 'search'> {
  const date = plan.active!.dateText;
  const policy = plan.onTampered ?? 'stop';
  const out = {
    flaggedChecked: 0,
    unmarked: 0,
    cxxMismatches: 0,
    currencyMismatches: 0,
    tampered: 0,
    skipped: 0,
    samples: [] as string[],
  };
  const sample = (text: string): void => {
    if (out.samples.length < 10) out.samples.push(text);
  };
  for (const [key, now] of after) {
    out.flaggedChecked++;
    const was = before.get(key);
    if (was?.tampered && policy === 'skip') {
      out.skipped++;
      const same = now.marker === was.marker && now.amounts.every((a, i) => Object.is(a, was.amounts[i] ?? null));
      if (!same) {
        out.cxxMismatches++;
        sample(`${key}: tampered and skipped, but changed by this run`);
      }
      continue;
    }
    if (now.tampered) {
      out.tampered++;
      sample(`${key}: its values do not match its fingerprint`);
    }
    if (now.marker !== date) {
      out.unmarked++;
      sample(`${key}: marker ${now.marker ?? 'missing'}, expected ${date}`);
      continue;
    }
    if (!was) continue;
    const unchanged = was.marker === date || was.asOf >= date || (was.tampered === true && policy === 'mark-current');
    if (unchanged || was.cxx) {
      const factor = unchanged ? 1 : plan.factors[was.asOf];
      now.amounts.forEach((amount, i) => {
        const old = was.amounts[i] ?? null;
        const expected = old === null ? null : unchanged ? old : factor === undefined ? NaN : old / factor;
        if (!Object.is(expected, amount)) {
          out.cxxMismatches++;
          sample(`${key}: amount ${i} is ${amount}, expected ${expected}`);
        }
      });
      continue;
    }
    const rate = plan.rates[was.denomination ?? ''];
    if (now.multiplier !== rate) {
      out.currencyMismatches++;
      sample(`${key}: CXXmultiplier ${now.multiplier}, expected the rate ${rate}`);
    }
    now.amounts.forEach((amount, i) => {
      if (faceMoved(was.amounts[i] ?? null, was.multiplier, amount, now.multiplier)) {
        out.currencyMismatches++;
        sample(
          `${key}: face value of amount ${i} moved (${was.amounts[i]} / ${was.multiplier} -> ${amount} / ${now.multiplier})`,
        );
      }
    });
  }
  return out;
}

export { checkSearchSync };

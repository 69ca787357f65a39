import type { Session } from 'neo4j-driver';
import { asNumber, dateText } from './values';

export interface ActiveDaynode {
  /** The Date value as the driver returned it (passed back as the $date parameter). */
  date: unknown;
  dateText: string;
  /** The Date of the Daynode before it (for entities with neither marker nor CREATED_ON), else its own. */
  prevDate: unknown;
  props: Record<string, unknown>;
  mtqRunning: boolean;
  /** Every Daynode up to and including this one, oldest first. */
  chain: ChainLink[];
}

export interface ChainLink {
  date: string;
  /** CXXprior_CXXcurrent as stored (may be missing or not a number). */
  k: unknown;
}

export type ActiveLookup = { ok: true; active: ActiveDaynode } | { ok: false; problem: string };

/**
 * Finds the one Active Daynode, with the Daynodes up to it (its chain of k and the date before it), in one read of
 * every Daynode (a few hundred a year; a plain scan plans in a fraction of the time a filtered, aggregated read
 * takes); anything but one Active Daynode is a problem.
 */
export async function readActiveDaynode(session: Session): Promise<ActiveLookup> {
  const result = await session.run(
    'MATCH (d:Daynode) RETURN d.Date AS date, d.CXXprior_CXXcurrent AS k, d.Active = true AS active, properties(d) AS props',
  );
  const days = result.records.map((r) => ({
    value: r.get('date') as unknown,
    date: dateText(r.get('date')),
    k: r.get('k') as unknown,
    active: r.get('active') === true,
    props: r.get('props') as Record<string, unknown>,
  }));
  const active = days.filter((d) => d.active);
  if (active.length !== 1) {
    const texts = active
      .map((d) => d.date ?? '?')
      .sort()
      .slice(0, 3)
      .join(', ');
    return {
      ok: false,
      problem:
        active.length === 0
          ? 'no Active Daynode (expected exactly one Daynode with Active = true)'
          : `${active.length} Active Daynodes (expected exactly one; dates ${texts}${active.length > 3 ? ', …' : ''})`,
    };
  }
  const { value: date, date: text, props } = active[0]!;
  if (text === undefined) return { ok: false, problem: 'the Active Daynode has no Date' };
  const chain = days
    .filter((d): d is typeof d & { date: string } => d.date !== undefined && d.date <= text)
    .sort((a, b) => a.date.localeCompare(b.date));
  const before = chain.filter((d) => d.date < text);
  return {
    ok: true,
    active: {
      date,
      dateText: text,
      prevDate: before.length ? before[before.length - 1]!.value : date,
      props,
      mtqRunning: props.MTQrunningNow === true,
      chain: chain.map(({ date: d, k }) => ({ date: d, k })),
    },
  };
}

/** A k that can divide: a finite number above zero. */
export function kProblem(k: unknown): string | undefined {
  const value = asNumber(k);
  if (k === null || k === undefined) return 'missing';
  if (value === undefined) return `not a number (${typeof k})`;
  if (!Number.isFinite(value)) return `not finite (${value})`;
  if (value === 0) return 'zero';
  if (value < 0) return `negative (${value})`;
  return undefined;
}

export type FactorResult = { ok: true; factor: number } | { ok: false; problems: string[] };

/**
 * The divisor for a CXX amount last expressed on `asOf`: the product of k over the Daynodes after `asOf` up to and
 * including `activeDate`, multiplied oldest first (normally just the Active Daynode's k).
 */
export function chainFactor(chain: readonly ChainLink[], asOf: string, activeDate: string): FactorResult {
  let factor = 1;
  const problems: string[] = [];
  for (const link of chain) {
    if (link.date <= asOf || link.date > activeDate) continue;
    const problem = kProblem(link.k);
    if (problem) problems.push(`CXXprior_CXXcurrent on Daynode ${link.date} is ${problem}`);
    else factor = factor * asNumber(link.k)!;
  }
  return problems.length ? { ok: false, problems } : { ok: true, factor };
}

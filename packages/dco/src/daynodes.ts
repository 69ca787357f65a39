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
 * Finds the one Active Daynode, with the Daynodes up to it (its chain of k and the date before it), in one read;
 * anything but one Active Daynode is a problem.
 */
export async function readActiveDaynode(session: Session): Promise<ActiveLookup> {
  const result = await session.run(
    `OPTIONAL MATCH (d:Daynode) WHERE d.Active = true
     WITH collect(d) AS active
     OPTIONAL MATCH (p:Daynode) WHERE size(active) = 1 AND p.Date <= active[0].Date
     RETURN [a IN active | a.Date] AS dates, properties(active[0]) AS props,
       collect([p.Date, p.CXXprior_CXXcurrent]) AS chain`,
  );
  const record = result.records[0]!;
  const dates = record.get('dates') as unknown[];
  if (dates.length !== 1) {
    const texts = dates
      .map((d) => dateText(d) ?? '?')
      .sort()
      .slice(0, 3)
      .join(', ');
    return {
      ok: false,
      problem:
        dates.length === 0
          ? 'no Active Daynode (expected exactly one Daynode with Active = true)'
          : `${dates.length} Active Daynodes (expected exactly one; dates ${texts}${dates.length > 3 ? ', …' : ''})`,
    };
  }
  const date = dates[0];
  const text = dateText(date);
  if (text === undefined) return { ok: false, problem: 'the Active Daynode has no Date' };
  const props = record.get('props') as Record<string, unknown>;
  const links = (record.get('chain') as [unknown, unknown][])
    .map(([d, k]) => ({ value: d, date: dateText(d) ?? '', k }))
    .sort((a, b) => a.date.localeCompare(b.date));
  const before = links.filter((l) => l.date < text);
  return {
    ok: true,
    active: {
      date,
      dateText: text,
      prevDate: before.length ? before[before.length - 1]!.value : date,
      props,
      mtqRunning: props.MTQrunningNow === true,
      chain: links.map(({ date: d, k }) => ({ date: d, k })),
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

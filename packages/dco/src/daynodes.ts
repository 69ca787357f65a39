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
}

export interface ChainLink {
  date: string;
  /** CXXprior_CXXcurrent as stored (may be missing or not a number). */
  k: unknown;
}

export type ActiveLookup = { ok: true; active: ActiveDaynode } | { ok: false; problem: string };

/** Finds the one Active Daynode (and the Date of the Daynode before it) in one read; anything but one is a problem. */
export async function readActiveDaynode(session: Session): Promise<ActiveLookup> {
  const result = await session.run(
    `OPTIONAL MATCH (d:Daynode) WHERE d.Active = true
     WITH d ORDER BY d.Date
     WITH collect(d) AS active
     WITH size(active) AS n, [x IN active[0..3] | x.Date] AS dates, active[0] AS d
     OPTIONAL MATCH (p:Daynode) WHERE n = 1 AND p.Date < d.Date
     RETURN n, dates, d.Date AS date, properties(d) AS props, max(p.Date) AS prev`,
  );
  const record = result.records[0]!;
  const n = asNumber(record.get('n')) ?? 0;
  if (n !== 1) {
    const dates = (record.get('dates') as unknown[]).map((d) => dateText(d) ?? '?').join(', ');
    return {
      ok: false,
      problem:
        n === 0
          ? 'no Active Daynode (expected exactly one Daynode with Active = true)'
          : `${n} Active Daynodes (expected exactly one; dates ${dates}${n > 3 ? ', …' : ''})`,
    };
  }
  const date = record.get('date') as unknown;
  const text = dateText(date);
  if (text === undefined) return { ok: false, problem: 'the Active Daynode has no Date' };
  const props = record.get('props') as Record<string, unknown>;
  return {
    ok: true,
    active: {
      date,
      dateText: text,
      prevDate: record.get('prev') ?? date,
      props,
      mtqRunning: props.MTQrunningNow === true,
    },
  };
}

/** Every Daynode up to and including `date`, oldest first. */
export async function readChain(session: Session, date: unknown): Promise<ChainLink[]> {
  const result = await session.run(
    'MATCH (d:Daynode) WHERE d.Date <= $date RETURN toString(d.Date) AS date, d.CXXprior_CXXcurrent AS k ORDER BY d.Date',
    { date },
  );
  return result.records.map((r) => ({ date: r.get('date') as string, k: r.get('k') as unknown }));
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

import type { Session } from 'neo4j-driver';
import type { DcoConfig } from './config';
import { chainFactor, readActiveDaynode, readChain, type ActiveDaynode } from './daynodes';
import { allFlaggedStatsStatement, type LedgerCategory } from './steps';
import { asNumber, count } from './values';

/** What a run will do, worked out by reads only. `problems` non-empty means: do not write anything. */
export interface Plan {
  active?: ActiveDaynode;
  /** As-of date text -> divisor for CXX amounts. */
  factors: Record<string, number>;
  /** Denomination -> CXX per unit on the Active Daynode (only those met among flagged entities). */
  rates: Record<string, number>;
  /** Flagged entities still to revalue, per category. */
  pending: Record<LedgerCategory, number>;
  /** Flagged entities already revalued to the Active Daynode's date. */
  done: Record<LedgerCategory, number>;
  /** Still to revalue, per category and denomination (CXX included). */
  byDenomination: Record<LedgerCategory, Record<string, number>>;
  problems: string[];
}

const zero = (): Record<LedgerCategory, number> => ({
  cxxCredexes: 0,
  currencyCredexes: 0,
  redeemed: 0,
  credloop: 0,
  loopAnchors: 0,
});

/**
 * Preflight: exactly one Active Daynode; every k in a chain some CXX entity needs is a finite number above zero;
 * every flagged currency entity's denomination has a rate on the Active Daynode and its CXXmultiplier is neither
 * missing nor zero; nothing is dated after the Active Daynode. Each problem is one line.
 */
export async function makePlan(session: Session, config: DcoConfig): Promise<Plan> {
  const plan: Plan = {
    factors: {},
    rates: {},
    pending: zero(),
    done: zero(),
    byDenomination: { cxxCredexes: {}, currencyCredexes: {}, redeemed: {}, credloop: {}, loopAnchors: {} },
    problems: [],
  };
  const lookup = await readActiveDaynode(session);
  if (!lookup.ok) {
    plan.problems.push(lookup.problem);
    return plan;
  }
  const active = lookup.active;
  plan.active = active;
  const params = { date: active.date, prevDate: active.prevDate };

  const asOfDates = new Set<string>();
  const currency = new Map<string, number>();
  let badMultiplier = 0;
  let future = 0;
  const stats = await session.run(allFlaggedStatsStatement(config), params);
  for (const r of stats.records) {
    const category = r.get('category') as LedgerCategory;
    const n = count(r.get('n'));
    if (r.get('done') === true) {
      plan.done[category] += n;
      continue;
    }
    plan.pending[category] += n;
    badMultiplier += count(r.get('badMultiplier'));
    future += count(r.get('future'));
    const denomination = r.get('cxx') === true ? 'CXX' : (r.get('denomination') as string);
    const bucket = plan.byDenomination[category];
    bucket[denomination] = (bucket[denomination] ?? 0) + n;
    if (r.get('cxx') === true) asOfDates.add(r.get('asOf') as string);
    else currency.set(denomination, (currency.get(denomination) ?? 0) + n);
  }

  if (future > 0) {
    plan.problems.push(
      `${future} flagged entities are dated after the Active Daynode ${active.dateText} (marker or CREATED_ON); was the Active Daynode moved back?`,
    );
  }

  if (asOfDates.size > 0) {
    const chain = await readChain(session, active.date);
    const kProblems = new Set<string>();
    for (const asOf of asOfDates) {
      if (asOf >= active.dateText) continue;
      const result = chainFactor(chain, asOf, active.dateText);
      if (result.ok) plan.factors[asOf] = result.factor;
      else result.problems.forEach((p) => kProblems.add(p));
    }
    plan.problems.push(...[...kProblems].sort());
  }

  const missing: string[] = [];
  for (const [denomination, n] of [...currency].sort(([a], [b]) => a.localeCompare(b))) {
    const rate = denomination === '' ? undefined : asNumber(active.props[denomination]);
    if (rate === undefined || !Number.isFinite(rate) || rate <= 0) {
      missing.push(`${denomination === '' ? '(none)' : denomination} (${n})`);
    } else {
      plan.rates[denomination] = rate;
    }
  }
  if (missing.length) {
    plan.problems.push(
      `flagged currency entities whose denomination has no usable rate on the Active Daynode ${active.dateText}: ${missing.join(', ')}`,
    );
  }
  if (badMultiplier > 0) {
    plan.problems.push(`${badMultiplier} flagged currency entities have CXXmultiplier missing or zero`);
  }
  return plan;
}

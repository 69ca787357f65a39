import type { Session } from 'neo4j-driver';
import type { DcoConfig } from './config';
import { chainFactor, readActiveDaynode, type ActiveDaynode } from './daynodes';
import { STEPS, flaggedStatsStatement, type LedgerCategory } from './steps';
import { tamperSplit, tamperTotal, type TamperCounts, type TamperPolicy } from './tamper';
import { asNumber, count } from './values';

/** What a run will do, worked out by reads only. `problems` non-empty means: do not write anything. */
export interface Plan {
  active?: ActiveDaynode;
  /** As-of date text -> divisor for CXX amounts. */
  factors: Record<string, number>;
  /** Denomination -> CXX per unit on the Active Daynode (only those met among flagged entities). */
  rates: Record<string, number>;
  /** Flagged entities this run brings to the Active date (revalued, or only marked when already current), per category. */
  pending: Record<LedgerCategory, number>;
  /** Of `pending`, those already expressed on the Active date (created on it): they only get the marker. */
  current: Record<LedgerCategory, number>;
  /** Flagged entities already revalued to the Active Daynode's date. */
  done: Record<LedgerCategory, number>;
  /** Still to revalue, per category and denomination (CXX included). */
  byDenomination: Record<LedgerCategory, Record<string, number>>;
  /** Flagged entities another writer changed after this step revalued them. */
  tampered: TamperCounts;
  /** What the run does with them. */
  onTampered: TamperPolicy;
  problems: string[];
}

const zero = (): Record<LedgerCategory, number> => ({
  cxxCredexes: 0,
  currencyCredexes: 0,
  redeemed: 0,
  credloop: 0,
  loopAnchors: 0,
});

export interface PlanOptions {
  onTampered?: TamperPolicy;
  /** The Active Daynode as already read in this run (saves reading it again). */
  active?: ActiveDaynode;
}

/**
 * Preflight: exactly one Active Daynode; every k in a chain some CXX entity needs is a finite number above zero;
 * every flagged currency entity's denomination has a rate on the Active Daynode and its CXXmultiplier is neither
 * missing nor zero; nothing is dated after the Active Daynode; no entity was changed by another writer since this
 * step revalued it (unless the operator decided what to do with those). Each problem is one line.
 */
export async function makePlan(session: Session, config: DcoConfig, options: PlanOptions = {}): Promise<Plan> {
  const onTampered = options.onTampered ?? 'stop';
  const plan: Plan = {
    factors: {},
    rates: {},
    pending: zero(),
    current: zero(),
    done: zero(),
    byDenomination: { cxxCredexes: {}, currencyCredexes: {}, redeemed: {}, credloop: {}, loopAnchors: {} },
    tampered: { pending: zero(), done: zero() },
    onTampered,
    problems: [],
  };
  let active = options.active;
  if (!active) {
    const lookup = await readActiveDaynode(session);
    if (!lookup.ok) {
      plan.problems.push(lookup.problem);
      return plan;
    }
    active = lookup.active;
  }
  plan.active = active;
  const params = { date: active.date, prevDate: active.prevDate };

  const asOfDates = new Set<string>();
  const currency = new Map<string, number>();
  let badMultiplier = 0;
  let future = 0;
  // One statement per category: each plans in a fraction of the time a UNION of all five takes.
  for (const step of STEPS) {
    const category = step.category;
    const stats = await session.run(flaggedStatsStatement(config, step), params);
    for (const r of stats.records) {
      const n = count(r.get('n'));
      const done = r.get('done') === true;
      const tampered = r.get('tampered') === true;
      if (tampered) plan.tampered[done ? 'done' : 'pending'][category] += n;
      // Left alone (skip), or only marked (mark-current): not revalued, so their rates and factors do not matter.
      if (tampered && !done && (onTampered === 'skip' || onTampered === 'mark-current')) continue;
      if (done) {
        plan.done[category] += n;
        continue;
      }
      const asOf = r.get('asOf') as string | null;
      const raw = r.get('denomination') as string | null;
      const cxx = step.denomination === 'mixed' ? raw === 'CXX' : step.denomination !== 'currency';
      const denomination = cxx ? 'CXX' : (raw ?? '');
      plan.pending[category] += n;
      if (r.get('future') === true) future += n;
      const bucket = plan.byDenomination[category];
      bucket[denomination] = (bucket[denomination] ?? 0) + n;
      if (asOf !== null && asOf >= active.dateText) {
        plan.current[category] += n;
        continue;
      }
      if (cxx) {
        asOfDates.add(asOf ?? '');
        continue;
      }
      if (r.get('badMultiplier') === true) badMultiplier += n;
      currency.set(denomination, (currency.get(denomination) ?? 0) + n);
    }
  }

  const tampered = tamperTotal(plan.tampered);
  if (tampered > 0 && onTampered === 'stop') {
    plan.problems.push(
      `${tampered} flagged entities were changed by another writer after this step revalued them (${tamperSplit(plan.tampered)}); nothing is revalued until an operator decides: on-tampered skip, revalue or mark-current`,
    );
  }

  if (future > 0) {
    plan.problems.push(
      `${future} flagged entities are dated after the Active Daynode ${active.dateText} (marker or CREATED_ON); was the Active Daynode moved back?`,
    );
  }

  const kProblems = new Set<string>();
  for (const asOf of asOfDates) {
    const result = chainFactor(active.chain, asOf, active.dateText);
    if (result.ok) plan.factors[asOf] = result.factor;
    else result.problems.forEach((p) => kProblems.add(p));
  }
  plan.problems.push(...[...kProblems].sort());

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

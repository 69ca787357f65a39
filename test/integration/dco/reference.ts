import type { GenGraph } from './generator';

/**
 * The expected state after revaluing to the Active Daynode, computed from the generated data alone (it shares no
 * code with @credex/dco). CXX amounts are divided by the product of k over the days after the date they were last
 * expressed in, up to and including the Active day, multiplied oldest first; currency amounts become
 * amount / CXXmultiplier * rate. Same operations, same order, in JS doubles: the results must be bit-identical.
 */

export interface ExpectedEntity {
  amounts: Record<string, number>;
  CXXmultiplier?: number;
  marker?: string;
}

export interface Expected {
  activeDate: string;
  ledger: Map<string, ExpectedEntity>;
  /** SearchSpace: credexID -> outstandingAmount and CXXmultiplier. */
  search: Map<string, { outstandingAmount: number; CXXmultiplier: number }>;
  /** Entities the run must revalue (flagged and not yet marked with the Active date). */
  revalued: Set<string>;
}

export function referenceState(graph: GenGraph): Expected {
  const sorted = [...graph.daynodes].sort((a, b) => a.date.localeCompare(b.date));
  const active = sorted.find((d) => d.active)!;
  const earlier = sorted.filter((d) => d.date < active.date);
  const previous = earlier.length ? earlier[earlier.length - 1]!.date : active.date;
  const divisor = (asOf: string): number => {
    let product = 1;
    for (const day of sorted) if (day.date > asOf && day.date <= active.date) product = product * day.k!;
    return product;
  };
  const ledger = new Map<string, ExpectedEntity>();
  const revalued = new Set<string>();
  const revalue = (
    id: string,
    flagged: boolean,
    marker: string | undefined,
    asOf: string,
    denomination: string,
    multiplier: number | undefined,
    amounts: Record<string, number>,
  ): void => {
    if (!flagged || marker === active.date) {
      ledger.set(id, { amounts: { ...amounts }, CXXmultiplier: multiplier, marker });
      return;
    }
    revalued.add(id);
    if (asOf >= active.date) {
      ledger.set(id, { amounts: { ...amounts }, CXXmultiplier: multiplier, marker: active.date });
    } else if (denomination === 'CXX') {
      const f = divisor(asOf);
      const next = Object.fromEntries(Object.entries(amounts).map(([k, v]) => [k, v / f]));
      ledger.set(id, { amounts: next, CXXmultiplier: multiplier, marker: active.date });
    } else {
      const rate = active.rates[denomination]!;
      const next = Object.fromEntries(Object.entries(amounts).map(([k, v]) => [k, (v / multiplier!) * rate]));
      ledger.set(id, { amounts: next, CXXmultiplier: rate, marker: active.date });
    }
  };
  for (const c of graph.credexes) {
    revalue(c.credexID, c.flagged, c.marker, c.marker ?? c.createdOn, c.Denomination, c.CXXmultiplier, c.amounts);
  }
  for (const r of graph.rels) {
    revalue(r.relID, r.flagged, r.marker, r.marker ?? previous, r.Denomination, r.CXXmultiplier, {
      AmountRedeemed: r.AmountRedeemed,
      AmountOutstandingNow: r.AmountOutstandingNow,
    });
  }
  for (const a of graph.anchors) {
    revalue(a.anchorID, a.flagged, a.marker, a.marker ?? a.createdOn, 'CXX', undefined, {
      LoopedAmount: a.LoopedAmount,
    });
  }
  const search = new Map<string, { outstandingAmount: number; CXXmultiplier: number }>();
  for (const c of graph.credexes.filter((x) => x.live)) {
    const e = ledger.get(c.credexID)!;
    search.set(c.credexID, { outstandingAmount: e.amounts.OutstandingAmount!, CXXmultiplier: e.CXXmultiplier! });
  }
  return { activeDate: active.date, ledger, search, revalued };
}

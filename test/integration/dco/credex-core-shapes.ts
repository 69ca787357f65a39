import type { Driver } from 'neo4j-driver';
import { clearGraph } from './generator';
import { write } from './support';

/**
 * Our own statements that leave the graph as credex-core's own do (read at commit 9028233, not copied): a new Active
 * Daynode (databaseState.ts createNewDaynode), a credex created on the Active day (CreateCredex.ts), a loop the
 * minute queue clears (LoopFinderDB.ts updateLedgerSpace: a LoopAnchor CREATED_ON the Active Daynode, a REDEEMED from
 * each credex to it and a CREDLOOP from each credex to the next, carrying the anchor's loopID), the DCO's default
 * handling (databaseState.ts handleDefaultingCredexes) and the old full revaluation (balanceUpdates.ts: OLD_SHAPE in
 * old-shape.ts for LedgerSpace, OLD_SEARCH_SHAPE here for SearchSpace). Relationships and anchors also get relID /
 * anchorID, the names graph-state.ts reads them by.
 */

export interface Day {
  date: string;
  k: number;
  rates: Record<string, number>;
}

/** Empties both servers and starts the first Active Daynode. */
export async function firstDaynode(ledger: Driver, search: Driver, day: Day): Promise<void> {
  await clearGraph(ledger);
  await clearGraph(search);
  await write(
    ledger,
    `CREATE (d:Daynode) SET d = $rates, d.CXXprior_CXXcurrent = $k, d.Date = date($date), d.Active = true,
       d.DCOrunningNow = false, d.MTQrunningNow = false`,
    { rates: day.rates, k: day.k, date: day.date },
  );
}

/** Ends the Active day and starts the next, as the DCO does before it revalues. */
export async function newDaynode(ledger: Driver, day: Day, dcoRunningNow = true): Promise<void> {
  await write(
    ledger,
    `MATCH (old:Daynode {Active: true})
     CREATE (old)-[:NEXT_DAY]->(next:Daynode)
     SET old.Active = false, old.DCOrunningNow = false,
       next = $rates, next.CXXprior_CXXcurrent = $k, next.Date = date($date), next.Active = true,
       next.DCOrunningNow = $running, next.MTQrunningNow = false`,
    { rates: day.rates, k: day.k, date: day.date, running: dcoRunningNow },
  );
}

/** A credex offered and accepted on the Active day: amounts in CXX at the day's rate, the zero amounts as integers. */
export async function createCredex(
  ledger: Driver,
  credex: { credexID: string; denomination: string; amount: number },
): Promise<void> {
  await write(
    ledger,
    `MATCH (day:Daynode {Active: true})
     CREATE (c:Credex)-[:CREATED_ON]->(day)
     SET c.credexID = $credexID, c.Denomination = $denomination, c.CXXmultiplier = day[$denomination],
       c.InitialAmount = $amount * day[$denomination], c.OutstandingAmount = $amount * day[$denomination],
       c.RedeemedAmount = 0, c.DefaultedAmount = 0, c.WrittenOffAmount = 0, c.queueStatus = 'PROCESSED'
     CREATE (:Account {accountID: 'from-' + $credexID})-[:OWES]->(c)-[:OWES]->(:Account {accountID: 'to-' + $credexID})`,
    credex,
  );
}

/**
 * The minute queue clearing a loop through `credexIDs` (in loop order) by `value`, on the Active day; with `search`,
 * also its SearchSpace side (outstanding amounts lowered by the same value).
 */
export async function clearLoop(
  ledger: Driver,
  loopID: string,
  credexIDs: string[],
  value: number,
  search?: Driver,
): Promise<void> {
  if (search) {
    await write(
      search,
      'MATCH (c:Credex) WHERE c.credexID IN $ids SET c.outstandingAmount = c.outstandingAmount - $value',
      {
        ids: credexIDs,
        value,
      },
    );
  }
  await write(
    ledger,
    `MATCH (day:Daynode {Active: true})
     CREATE (anchor:LoopAnchor)-[:CREATED_ON]->(day)
     SET anchor.loopID = $loopID, anchor.anchorID = $loopID, anchor.LoopedAmount = $value, anchor.CXXmultiplier = 1,
       anchor.Denomination = 'CXX'
     WITH anchor
     UNWIND range(0, size($ids) - 1) AS i
     MATCH (c:Credex {credexID: $ids[i]})
     SET c.OutstandingAmount = c.OutstandingAmount - $value, c.RedeemedAmount = c.RedeemedAmount + $value
     CREATE (c)-[r:REDEEMED]->(anchor)
     SET r.AmountRedeemed = $value, r.AmountOutstandingNow = c.OutstandingAmount, r.Denomination = c.Denomination,
       r.CXXmultiplier = c.CXXmultiplier, r.redeemedRelID = $loopID + '-r' + i, r.relID = $loopID + '-r' + i`,
    { loopID, ids: credexIDs, value },
  );
  await write(
    ledger,
    `UNWIND range(0, size($ids) - 1) AS i
     MATCH (c:Credex {credexID: $ids[i]}), (next:Credex {credexID: $ids[(i + 1) % size($ids)]})
     CREATE (c)-[l:CREDLOOP]->(next)
     SET l.AmountRedeemed = $value, l.AmountOutstandingNow = c.OutstandingAmount, l.Denomination = c.Denomination,
       l.CXXmultiplier = c.CXXmultiplier, l.loopID = $loopID, l.credloopRelID = $loopID + '-l' + i,
       l.relID = $loopID + '-l' + i`,
    { loopID, ids: credexIDs, value },
  );
}

/** The DCO's default handling: a credex due by the Active day gets its outstanding amount as defaulted. */
export async function defaultCredex(ledger: Driver, credexID: string): Promise<void> {
  await write(ledger, 'MATCH (c:Credex {credexID: $credexID}) SET c.DefaultedAmount = c.OutstandingAmount', {
    credexID,
  });
}

/** The SearchSpace half of the old full revaluation: CXX outstanding divided by k, currencies at the new rates. */
export const OLD_SEARCH_SHAPE = [
  "MATCH (c:Credex) WHERE c.Denomination = 'CXX' SET c.outstandingAmount = c.outstandingAmount / $k",
  `MATCH (c:Credex) WHERE c.Denomination <> 'CXX'
   SET c.outstandingAmount = (c.outstandingAmount / c.CXXmultiplier) * coalesce($rates[c.Denomination], 1),
     c.CXXmultiplier = coalesce($rates[c.Denomination], 1)`,
];

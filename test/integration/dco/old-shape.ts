/**
 * The shape of credex-core's original revaluation, rebuilt for regression tests and the benchmark: one statement
 * whose blocks are chained by `WITH` without aggregation (each block runs once per row the previous blocks left,
 * and an empty MATCH ends the statement), relationships matched in both directions, and no flag or marker.
 */
const CREDEX = ['InitialAmount', 'OutstandingAmount', 'RedeemedAmount', 'DefaultedAmount', 'WrittenOffAmount'];
const REL = ['AmountRedeemed', 'AmountOutstandingNow'];

const cxx = (v: string, props: string[]): string =>
  props.map((p) => `${v}.${p} = ${v}.${p} / day.CXXprior_CXXcurrent`).join(', ');
const currency = (v: string, props: string[]): string =>
  [
    ...props.map((p) => `${v}.${p} = ${v}.${p} / ${v}.CXXmultiplier * day[${v}.Denomination]`),
    `${v}.CXXmultiplier = day[${v}.Denomination]`,
  ].join(', ');

export const OLD_SHAPE = `MATCH (day:Daynode {Active: true})
MATCH (a:Credex) WHERE a.Denomination = 'CXX' SET ${cxx('a', CREDEX)}
WITH day
MATCH (b:Credex) WHERE b.Denomination <> 'CXX' SET ${currency('b', CREDEX)}
WITH day
MATCH ()-[c:REDEEMED]-() WHERE c.Denomination = 'CXX' SET ${cxx('c', REL)}
WITH day
MATCH ()-[d:REDEEMED]-() WHERE d.Denomination <> 'CXX' SET ${currency('d', REL)}
WITH day
MATCH ()-[e:CREDLOOP]-() WHERE e.Denomination = 'CXX' SET ${cxx('e', REL)}
WITH day
MATCH ()-[f:CREDLOOP]-() WHERE f.Denomination <> 'CXX' SET ${currency('f', REL)}
WITH day
MATCH (g:LoopAnchor) SET g.LoopedAmount = g.LoopedAmount / day.CXXprior_CXXcurrent`;

import type { GenCredex, GenGraph, GenRel } from './generator';
import { differences, fingerprint, readLedger, readSearch } from './graph-state';
import { OLD_SHAPE } from './old-shape';
import { referenceState } from './reference';
import { reload, useServers, runOn, write } from './support';

const servers = useServers();

const K = 1.000731;
const days: GenGraph['daynodes'] = [
  { date: '2026-07-01', active: false, k: 1.0002, rates: { CXX: 1, USD: 0.98, ZWG: 26.1 } },
  { date: '2026-07-02', active: true, k: K, rates: { CXX: 1, USD: 0.99, ZWG: 26.4 } },
];

function credex(id: string, denomination: string, amount: number): GenCredex {
  const m = denomination === 'CXX' ? 1 : days[0]!.rates[denomination]!;
  return {
    credexID: id,
    Denomination: denomination,
    CXXmultiplier: m,
    amounts: {
      InitialAmount: amount,
      OutstandingAmount: amount / 2,
      RedeemedAmount: amount / 2,
      DefaultedAmount: 0,
      WrittenOffAmount: 0,
    },
    flagged: true,
    createdOn: '2026-07-01',
    live: true,
    pending: false,
  };
}

function rel(id: string, type: GenRel['type'], denomination: string, from: string, to: string): GenRel {
  return {
    relID: id,
    type,
    from,
    to,
    Denomination: denomination,
    CXXmultiplier: denomination === 'CXX' ? 1 : days[0]!.rates[denomination]!,
    AmountRedeemed: 120.5,
    AmountOutstandingNow: 79.5,
    flagged: true,
  };
}

/** Divides by k n times, one division after another, as repeated SETs do. */
function dividedTimes(value: number, n: number): number {
  let v = value;
  for (let i = 0; i < n; i++) v = v / K;
  return v;
}

test('the old shape divides a CXX REDEEMED amount 2·Ncxx·Ncur times; ours matches the reference', async () => {
  const graph: GenGraph = {
    daynodes: days,
    credexes: [
      credex('x1', 'CXX', 100),
      credex('x2', 'CXX', 250),
      credex('u1', 'USD', 40),
      credex('u2', 'USD', 60),
      credex('z1', 'ZWG', 900),
    ],
    rels: [
      rel('r-cxx', 'REDEEMED', 'CXX', 'x1', 'x2'),
      rel('r-usd', 'REDEEMED', 'USD', 'u1', 'u2'),
      rel('l-cxx', 'CREDLOOP', 'CXX', 'x2', 'x1'),
      rel('l-usd', 'CREDLOOP', 'USD', 'u2', 'u1'),
    ],
    anchors: [{ anchorID: 'anchor', LoopedAmount: 55.25, flagged: true, createdOn: '2026-07-01' }],
  };
  const [nCxx, nCur] = [2, 3];
  await reload(servers, graph);
  await write(servers.ledger, OLD_SHAPE);
  const old = await readLedger(servers.ledger);
  // Rows multiply: nCxx after the first block, nCxx·nCur after the second, and each undirected match counts twice.
  expect(old.get('r-cxx')!.amounts.AmountRedeemed).toBe(dividedTimes(120.5, 2 * nCxx * nCur));
  expect(old.get('l-cxx')!.amounts.AmountRedeemed).toBe(dividedTimes(120.5, 2 * (2 * nCxx * nCur) * 2));
  expect(old.get('anchor')!.amounts.LoopedAmount).toBe(dividedTimes(55.25, 2 * 2 * (2 * nCxx * nCur) * 2));
  const expected = referenceState(graph);
  expect(differences(expected, old).length).toBeGreaterThan(0);

  await reload(servers, graph);
  const report = await runOn(servers);
  expect(report.problems).toEqual([]);
  expect(report.verified).toBe(true);
  const ours = await readLedger(servers.ledger);
  expect(differences(expected, ours, await readSearch(servers.search))).toEqual([]);
  expect(ours.get('r-cxx')!.amounts.AmountRedeemed).toBe(120.5 / K);
});

test('the old shape does nothing at all when there is no CXX credex; ours revalues the rest', async () => {
  const graph: GenGraph = {
    daynodes: days,
    credexes: [credex('u1', 'USD', 40), credex('z1', 'ZWG', 900)],
    rels: [rel('r-usd', 'REDEEMED', 'USD', 'u1', 'z1')],
    anchors: [{ anchorID: 'anchor', LoopedAmount: 55.25, flagged: true, createdOn: '2026-07-01' }],
  };
  await reload(servers, graph);
  const before = fingerprint(await readLedger(servers.ledger));
  await write(servers.ledger, OLD_SHAPE);
  expect(fingerprint(await readLedger(servers.ledger))).toBe(before);

  const report = await runOn(servers);
  expect(report.counts).toMatchObject({ cxxCredexes: 0, currencyCredexes: 2, redeemed: 1, loopAnchors: 1 });
  const ours = await readLedger(servers.ledger);
  expect(differences(referenceState(graph), ours, await readSearch(servers.search))).toEqual([]);
  expect(ours.get('anchor')!.amounts.LoopedAmount).toBe(55.25 / K);
  expect(ours.get('u1')!.CXXmultiplier).toBe(0.99);
});

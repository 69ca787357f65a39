import type { LedgerCategory } from '@credex/dco';
import {
  compareFlagged,
  DEFAULT_CONFIG,
  makePlan,
  revalueLedger,
  snapshotFlagged,
  unflaggedChecksum,
} from '@credex/dco';
import { generateGraph, type GenCredex, type GenGraph } from './generator';
import { differences, fingerprint, readLedger, readSearch } from './graph-state';
import { referenceState } from './reference';
import { reload, useServers, runOn, write } from './support';

const servers = useServers();

function expectedCounts(graph: GenGraph, revalued: Set<string>): Record<LedgerCategory, number> {
  const credex = (cxx: boolean): number =>
    graph.credexes.filter((c) => revalued.has(c.credexID) && (c.Denomination === 'CXX') === cxx).length;
  return {
    cxxCredexes: credex(true),
    currencyCredexes: credex(false),
    redeemed: graph.rels.filter((r) => r.type === 'REDEEMED' && revalued.has(r.relID)).length,
    credloop: graph.rels.filter((r) => r.type === 'CREDLOOP' && revalued.has(r.relID)).length,
    loopAnchors: graph.anchors.filter((a) => revalued.has(a.anchorID)).length,
  };
}

describe.each([
  { seed: 11, credexes: 400, batchSize: 50 },
  { seed: 29, credexes: 150, batchSize: 7 },
])('revaluation of a generated graph (seed $seed, batch $batchSize)', ({ seed, credexes, batchSize }) => {
  const graph = generateGraph({ seed, credexes, days: 6 });
  const expected = referenceState(graph);

  test('every entity equals the independent reference, bit for bit, and verification passes', async () => {
    await reload(servers, graph);
    const report = await runOn(servers, { batchSize });
    expect(report.problems).toEqual([]);
    expect(report.activeDate).toBe(expected.activeDate);
    const counts = expectedCounts(graph, expected.revalued);
    expect(counts.cxxCredexes).toBeGreaterThan(0);
    expect(counts.currencyCredexes).toBeGreaterThan(0);
    expect(counts.redeemed + counts.credloop).toBeGreaterThan(0);
    expect(counts.loopAnchors).toBeGreaterThan(0);
    expect({
      cxxCredexes: report.counts.cxxCredexes,
      currencyCredexes: report.counts.currencyCredexes,
      redeemed: report.counts.redeemed,
      credloop: report.counts.credloop,
      loopAnchors: report.counts.loopAnchors,
    }).toEqual(counts);
    expect(report.verified).toBe(true);
    expect(report.verification?.unflagged.equal).toBe(true);
    expect(report.verification?.search?.mismatches).toBe(0);
    expect(report.batches).toBeGreaterThanOrEqual(Math.ceil(counts.cxxCredexes / batchSize));
    const diffs = differences(expected, await readLedger(servers.ledger), await readSearch(servers.search));
    expect(diffs.slice(0, 10)).toEqual([]);
  });

  test('a rerun on the same day changes nothing', async () => {
    const before = fingerprint(await readLedger(servers.ledger), await readSearch(servers.search));
    const report = await runOn(servers, { batchSize });
    expect(report.problems).toEqual([]);
    expect(report.counts).toEqual({
      cxxCredexes: 0,
      currencyCredexes: 0,
      redeemed: 0,
      credloop: 0,
      loopAnchors: 0,
      searchCredexes: 0,
    });
    expect(report.verified).toBe(true);
    expect(fingerprint(await readLedger(servers.ledger), await readSearch(servers.search))).toBe(before);
  });
});

test('a missed day: entities last valued two Daynodes ago are divided by the product of both k', async () => {
  /** A flagged CXX credex created on the first day, last revalued to `marker` when given. */
  const cxxCredex = (credexID: string, marker?: string): GenCredex => ({
    credexID,
    Denomination: 'CXX',
    CXXmultiplier: 1,
    amounts: {
      InitialAmount: 1000,
      OutstandingAmount: 777.77,
      RedeemedAmount: 222.23,
      DefaultedAmount: 0,
      WrittenOffAmount: 0,
    },
    flagged: true,
    ...(marker ? { marker } : {}),
    createdOn: '2026-05-01',
    live: true,
    pending: false,
  });
  const graph: GenGraph = {
    daynodes: [
      { date: '2026-05-01', active: false, k: 1.0011, rates: { CXX: 1, USD: 1.01 } },
      { date: '2026-05-02', active: false, k: 1.00037, rates: { CXX: 1, USD: 1.02 } },
      { date: '2026-05-03', active: true, k: 0.99981, rates: { CXX: 1, USD: 1.03 } },
    ],
    credexes: [cxxCredex('missed-cxx'), cxxCredex('yesterday-cxx', '2026-05-02')],
    rels: [],
    anchors: [{ anchorID: 'missed-anchor', LoopedAmount: 31.5, flagged: true, createdOn: '2026-05-01' }],
  };
  await reload(servers, graph);
  const report = await runOn(servers);
  expect(report.problems).toEqual([]);
  const ledger = await readLedger(servers.ledger);
  const twoDays = 1 * 1.00037 * 0.99981;
  expect(ledger.get('missed-cxx')!.amounts.OutstandingAmount).toBe(777.77 / twoDays);
  expect(ledger.get('missed-cxx')!.amounts.OutstandingAmount).not.toBe(777.77 / 0.99981);
  expect(ledger.get('yesterday-cxx')!.amounts.OutstandingAmount).toBe(777.77 / 0.99981);
  expect(ledger.get('missed-anchor')!.amounts.LoopedAmount).toBe(31.5 / twoDays);
  expect(differences(referenceState(graph), ledger, await readSearch(servers.search))).toEqual([]);
  expect(report.verified).toBe(true);
});

test('verification notices an unflagged entity that changed and a CXX amount off by one ulp', async () => {
  const graph = generateGraph({ seed: 5, credexes: 80, days: 3 });
  await reload(servers, graph);
  const target = { driver: servers.ledger };
  const session = servers.ledger.session();
  const plan = await makePlan(session, DEFAULT_CONFIG).finally(() => session.close());
  const before = await snapshotFlagged(target, DEFAULT_CONFIG, plan);
  const checksumBefore = await unflaggedChecksum(target, DEFAULT_CONFIG);
  const report = await runOn(servers, { verify: false });
  expect(report.verification).toBeUndefined();
  expect(compareFlagged(before, await snapshotFlagged(target, DEFAULT_CONFIG, plan), plan)).toMatchObject({
    unmarked: 0,
    cxxMismatches: 0,
    currencyMismatches: 0,
  });
  expect((await unflaggedChecksum(target, DEFAULT_CONFIG)).digest).toBe(checksumBefore.digest);

  const unflagged = graph.credexes.find((c) => !c.flagged)!;
  const cxx = graph.credexes.find((c) => c.flagged && c.Denomination === 'CXX' && c.amounts.InitialAmount > 0)!;
  const currency = graph.credexes.find((c) => c.flagged && c.Denomination !== 'CXX' && c.amounts.InitialAmount > 0)!;
  await write(servers.ledger, 'MATCH (c:Credex {credexID: $id}) SET c.RedeemedAmount = c.RedeemedAmount + 0.01', {
    id: unflagged.credexID,
  });
  await write(
    servers.ledger,
    'MATCH (c:Credex {credexID: $id}) SET c.InitialAmount = c.InitialAmount * (1.0 + 2.0^-52)',
    {
      id: cxx.credexID,
    },
  );
  await write(servers.ledger, 'MATCH (c:Credex {credexID: $id}) SET c.InitialAmount = c.InitialAmount * 1.000001', {
    id: currency.credexID,
  });
  const after = compareFlagged(before, await snapshotFlagged(target, DEFAULT_CONFIG, plan), plan);
  expect(after.cxxMismatches).toBe(1);
  expect(after.currencyMismatches).toBe(1);
  expect((await unflaggedChecksum(target, DEFAULT_CONFIG)).digest).not.toBe(checksumBefore.digest);
});

test('flagged entities changed after preflight so that they cannot be revalued are passed over, named, and do not stop the batches', async () => {
  const graph = generateGraph({ seed: 13, credexes: 60, days: 3 });
  await reload(servers, graph);
  const session = servers.ledger.session();
  const plan = await makePlan(session, DEFAULT_CONFIG).finally(() => session.close());
  expect(plan.problems).toEqual([]);
  // More of them than a batch holds: if they could fill a batch, the loop would stop before the revaluable ones.
  const spoiled = graph.credexes.filter((c) => c.flagged && c.Denomination !== 'CXX').slice(0, 7);
  expect(spoiled).toHaveLength(7);
  await write(servers.ledger, "MATCH (c:Credex) WHERE c.credexID IN $ids SET c.Denomination = 'XYZ'", {
    ids: spoiled.map((c) => c.credexID),
  });
  const warnings: string[] = [];
  const steps = await revalueLedger(servers.ledger, undefined, { ...DEFAULT_CONFIG, batchSize: 5 }, plan, {
    info: () => undefined,
    warning: (m) => warnings.push(m),
  });
  const currency = steps.find((s) => s.category === 'currencyCredexes')!;
  expect(plan.pending.currencyCredexes).toBeGreaterThan(7 + 5);
  expect(currency.revalued).toBe(plan.pending.currencyCredexes - 7);
  expect(currency.stuck).toBe(7);
  expect(warnings).toEqual([
    'currencyCredexes: 7 flagged entities have no usable rate, factor or CXXmultiplier any more (changed after preflight) and were left as they are',
  ]);
  const expected = referenceState(graph);
  const ledger = await readLedger(servers.ledger);
  const spoiledIds = new Set(spoiled.map((c) => c.credexID));
  for (const c of graph.credexes.filter((x) => x.flagged)) {
    if (spoiledIds.has(c.credexID)) {
      expect(ledger.get(c.credexID)).toMatchObject({ marker: undefined, amounts: c.amounts });
    } else {
      expect(ledger.get(c.credexID)!.amounts).toEqual(expected.ledger.get(c.credexID)!.amounts);
    }
  }
});

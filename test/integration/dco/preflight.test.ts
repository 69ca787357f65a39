import { generateGraph } from './generator';
import { DEFAULT_CONFIG } from '@credex/dco';
import { differences, fingerprint, readLedger, readSearch } from './graph-state';
import { referenceState } from './reference';
import { reload, useServers, runOn, write } from './support';

const servers = useServers();

const graph = generateGraph({ seed: 3, credexes: 120, days: 4 });
const activeDate = graph.daynodes[graph.daynodes.length - 1]!.date;

async function state(): Promise<string> {
  return fingerprint(await readLedger(servers.ledger), await readSearch(servers.search));
}

beforeEach(async () => {
  await reload(servers, graph);
});

describe('preflight failures are one line each and change nothing', () => {
  test.each([
    {
      name: 'a missing rate',
      breakIt: 'MATCH (d:Daynode {Active: true}) REMOVE d.ZWG',
      line: new RegExp(
        `^flagged currency entities whose denomination has no usable rate on the Active Daynode ${activeDate}: ZWG \\(\\d+\\)$`,
      ),
    },
    {
      name: 'k = 0 on the Active Daynode',
      breakIt: 'MATCH (d:Daynode {Active: true}) SET d.CXXprior_CXXcurrent = 0.0',
      line: new RegExp(`^CXXprior_CXXcurrent on Daynode ${activeDate} is zero$`),
    },
    {
      name: 'k missing on an earlier Daynode some entity still needs',
      breakIt: `MATCH (d:Daynode {Date: date('${graph.daynodes[1]!.date}')}) REMOVE d.CXXprior_CXXcurrent`,
      line: new RegExp(`^CXXprior_CXXcurrent on Daynode ${graph.daynodes[1]!.date} is missing$`),
    },
    {
      name: 'k negative',
      breakIt: 'MATCH (d:Daynode {Active: true}) SET d.CXXprior_CXXcurrent = -1.0',
      line: /^CXXprior_CXXcurrent on Daynode .* is negative \(-1\)$/,
    },
    {
      name: 'two Active Daynodes',
      breakIt: `MATCH (d:Daynode {Date: date('${graph.daynodes[0]!.date}')}) SET d.Active = true`,
      line: /^2 Active Daynodes \(expected exactly one; dates .*\)$/,
    },
    {
      name: 'no Active Daynode',
      breakIt: 'MATCH (d:Daynode) SET d.Active = false',
      line: /^no Active Daynode/,
    },
    {
      name: 'a zero CXXmultiplier',
      breakIt:
        "MATCH (c:Credex) WHERE c.DCOrevalue = true AND c.Denomination <> 'CXX' WITH c LIMIT 2 SET c.CXXmultiplier = 0",
      line: /^2 flagged currency entities have CXXmultiplier missing or zero$/,
    },
  ])('$name', async ({ breakIt, line }) => {
    await write(servers.ledger, breakIt);
    const before = await state();
    const report = await runOn(servers);
    expect(report.problems).toHaveLength(1);
    expect(report.problems[0]).toMatch(line);
    expect(report.counts.cxxCredexes + report.counts.currencyCredexes).toBe(0);
    expect(await state()).toBe(before);
  });
});

describe('lease', () => {
  test('a live lease held by another run refuses; break-lease takes it over; the lease is given back', async () => {
    const expires = Date.now() + 600_000;
    await write(
      servers.ledger,
      "MATCH (d:Daynode {Active: true}) SET d.DCOleaseRunId = 'dead-run', d.DCOleaseExpiresAt = $expires",
      { expires },
    );
    const before = await state();
    const refused = await runOn(servers);
    expect(refused.problems).toEqual([
      expect.stringMatching(/^another run \(dead-run\) holds the DCO lease .*break-lease: true$/),
    ]);
    expect(await state()).toBe(before);

    const taken = await runOn(servers, { breakLease: true });
    expect(taken.problems).toEqual([]);
    expect(taken.lease?.tookOverFrom).toBe('dead-run');
    expect(taken.verified).toBe(true);
    const day = (await readLedger(servers.ledger)).get(`day-${activeDate}`)!;
    expect(day.all).not.toContain('DCOlease');
  });

  test('an expired lease is taken without break-lease', async () => {
    await write(
      servers.ledger,
      "MATCH (d:Daynode {Active: true}) SET d.DCOleaseRunId = 'old-run', d.DCOleaseExpiresAt = $expires",
      { expires: Date.now() - 1000 },
    );
    const report = await runOn(servers);
    expect(report.problems).toEqual([]);
    expect(report.lease?.tookOverFrom).toBe('old-run');
  });

  test('two runs started together: exactly one revalues, the other is refused, nothing twice', async () => {
    const [a, b] = await Promise.all([runOn(servers, { runId: 'run-a' }), runOn(servers, { runId: 'run-b' })]);
    const outcomes = [a, b].map((r) => (r.problems.length ? 'refused' : 'ran'));
    const ran = [a, b].filter((r) => r.problems.length === 0);
    // Either one was refused by the lease, or the second started after the first finished and found nothing to do.
    if (outcomes.includes('refused')) {
      expect(outcomes.sort()).toEqual(['ran', 'refused']);
      expect([a, b].find((r) => r.problems.length)!.problems[0]).toMatch(/holds the DCO lease/);
    }
    const total = ran.reduce((n, r) => n + r.counts.cxxCredexes + r.counts.currencyCredexes, 0);
    const flaggedCredexes = graph.credexes.filter((c) => c.flagged && c.marker !== activeDate).length;
    expect(total).toBe(flaggedCredexes);
    expect(ran.every((r) => r.verified === true)).toBe(true);
  });
});

describe('MTQrunningNow', () => {
  test('wait-for-mtq false refuses while the queue runs, changing nothing', async () => {
    await write(servers.ledger, 'MATCH (d:Daynode {Active: true}) SET d.MTQrunningNow = true');
    const before = await state();
    const report = await runOn(servers, { waitForMtq: false });
    expect(report.problems).toEqual([
      expect.stringMatching(/^the transaction queue is running \(MTQrunningNow = true/),
    ]);
    const after = await state();
    expect(after).toBe(before);
  });

  test('wait-for-mtq waits until the queue is done, bounded by the timeout', async () => {
    await write(servers.ledger, 'MATCH (d:Daynode {Active: true}) SET d.MTQrunningNow = true');
    const timedOut = await runOn(servers, { mtqTimeoutMs: 600, mtqPollMs: 100 });
    expect(timedOut.problems).toEqual([expect.stringMatching(/still running \(MTQrunningNow = true\) after 1 s$/)]);
    const lines: string[] = [];
    const clear = setTimeout(
      () => void write(servers.ledger, 'MATCH (d:Daynode {Active: true}) SET d.MTQrunningNow = false'),
      700,
    );
    const started = Date.now();
    const report = await runOn(servers, {
      mtqTimeoutMs: 20_000,
      mtqPollMs: 100,
      reporter: { info: (l) => lines.push(l), warning: (l) => lines.push(l) },
    });
    clearTimeout(clear);
    expect(report.problems).toEqual([]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(600);
    expect(lines).toContain('waiting for the transaction queue to finish (MTQrunningNow = true)');
    expect(report.verified).toBe(true);
  });
});

describe('dry run', () => {
  test('counts per category and denomination and a sample, writing nothing', async () => {
    const before = await state();
    const report = await runOn(servers, { dryRun: true });
    expect(report.problems).toEqual([]);
    const pendingCredexes = graph.credexes.filter((c) => c.flagged && c.marker !== activeDate);
    expect(report.counts.cxxCredexes).toBe(pendingCredexes.filter((c) => c.Denomination === 'CXX').length);
    expect(report.counts.currencyCredexes).toBe(pendingCredexes.filter((c) => c.Denomination !== 'CXX').length);
    const usd = pendingCredexes.filter((c) => c.Denomination === 'USD').length;
    expect(report.byDenomination.currencyCredexes?.USD ?? 0).toBe(usd);
    expect(report.samples?.length).toBeGreaterThan(0);
    const sample = report.samples!.find((s) => s.category === 'cxxCredexes' && s.before !== null && s.before !== 0)!;
    expect(sample.after).not.toBe(sample.before);
    expect(report.indexes.missing.length).toBeGreaterThanOrEqual(0);
    expect(await state()).toBe(before);
  });
});

describe('mode flag', () => {
  const live = (c: (typeof graph.credexes)[number]): boolean => c.amounts.OutstandingAmount > 0 || c.pending;

  test('dry run counts what would change and writes nothing', async () => {
    const before = await state();
    const report = await runOn(servers, { mode: 'flag', dryRun: true });
    const credexes = report.flagChanges!.find((c) => c.target === 'credexes')!;
    expect(credexes.set).toBe(graph.credexes.filter((c) => live(c) && !c.flagged).length);
    expect(credexes.cleared).toBe(graph.credexes.filter((c) => !live(c) && c.flagged).length);
    expect(await state()).toBe(before);
  });

  test('sets flags on live credexes, clears settled ones; history revalue flags, freeze clears', async () => {
    const report = await runOn(servers, { mode: 'flag' });
    const credexes = report.flagChanges!.find((c) => c.target === 'credexes')!;
    expect(credexes.set).toBe(graph.credexes.filter((c) => live(c) && !c.flagged).length);
    expect(credexes.cleared).toBe(graph.credexes.filter((c) => !live(c) && c.flagged).length);
    const redeemed = report.flagChanges!.find((c) => c.target === 'redeemed')!;
    expect(redeemed.set).toBe(graph.rels.filter((r) => r.type === 'REDEEMED' && !r.flagged).length);
    const ledger = await readLedger(servers.ledger);
    for (const c of graph.credexes)
      expect([c.credexID, ledger.get(c.credexID)!.all.includes('"DCOrevalue",true')]).toEqual([c.credexID, live(c)]);

    const again = await runOn(servers, { mode: 'flag' });
    expect(again.flagChanges!.every((c) => c.set === 0 && c.cleared === 0)).toBe(true);

    const freeze = await runOn(servers, {
      mode: 'flag',
      config: { flagProperty: 'DCOrevalue', markerProperty: 'DCOrevaluedOn', batchSize: 13, history: 'freeze' },
    });
    const anchors = freeze.flagChanges!.find((c) => c.target === 'loopAnchors')!;
    expect(anchors.cleared).toBe(graph.anchors.length);
    const frozen = await readLedger(servers.ledger);
    for (const a of graph.anchors) expect(frozen.get(a.anchorID)!.all).not.toContain('DCOrevalue"');
  });
});

describe('flag label', () => {
  test('mode flag puts the label on nodes (the property on relationships); the revaluation follows the label', async () => {
    const config = { ...DEFAULT_CONFIG, flagLabel: 'DCOflagged', batchSize: 17 };
    const flagged = await runOn(servers, { mode: 'flag', config });
    const live = (c: (typeof graph.credexes)[number]): boolean => c.amounts.OutstandingAmount > 0 || c.pending;
    // Nodes had no label before: every live credex and every anchor gets it.
    expect(flagged.flagChanges!.find((c) => c.target === 'credexes')).toEqual({
      target: 'credexes',
      set: graph.credexes.filter(live).length,
      cleared: 0,
    });
    expect(flagged.flagChanges!.find((c) => c.target === 'loopAnchors')!.set).toBe(graph.anchors.length);

    const report = await runOn(servers, { config });
    expect(report.problems).toEqual([]);
    expect(report.verified).toBe(true);
    const relabelled = {
      ...graph,
      credexes: graph.credexes.map((c) => ({ ...c, flagged: live(c) })),
      rels: graph.rels.map((r) => ({ ...r, flagged: true })),
      anchors: graph.anchors.map((a) => ({ ...a, flagged: true })),
    };
    expect(
      differences(referenceState(relabelled), await readLedger(servers.ledger), await readSearch(servers.search)),
    ).toEqual([]);
  });
});

import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { everythingVisible, runAction } from '../harness/run-bundle';
import { generateGraph } from '../integration/dco/generator';
import { differences, fingerprint, readLedger, readSearch } from '../integration/dco/graph-state';
import { referenceState } from '../integration/dco/reference';
import { actionInputs, reload, useServers, write } from '../integration/dco/support';

const servers = useServers();

const graph = generateGraph({ seed: 101, credexes: 300, days: 3 });
const expected = referenceState(graph);

function inputs(extra: Record<string, string> = {}): Record<string, string> {
  return actionInputs(servers, 40, extra);
}

async function reset(): Promise<void> {
  await reload(servers, graph);
}

async function state(): Promise<string> {
  return fingerprint(await readLedger(servers.ledger), await readSearch(servers.search));
}

/** Passwords never visible, and masked when given (asserted as booleans so a failure does not print them). */
function expectNoSecrets(
  result: Awaited<ReturnType<typeof runAction>>,
  given: Record<string, string> = inputs(),
): void {
  const visible = everythingVisible(result);
  for (const name of ['ledger-password', 'search-password']) {
    const secret = given[name];
    if (!secret) continue;
    expect([name, visible.includes(secret)]).toEqual([name, false]);
    expect([name, result.masks.includes(secret)]).toEqual([name, true]);
  }
}

test('revalues, syncs SearchSpace, verifies, and reports through outputs, summary and report file', async () => {
  await reset();
  const workspace = mkdtempSync(join(tmpdir(), 'dco-e2e-'));
  const result = await runAction('dco-flagged-update', {
    workspace,
    inputs: inputs({ 'report-file': 'dco-report.json' }),
  });
  expect(result.stderr).toBe('');
  expect(result.exitCode).toBe(0);
  const count = (pred: (id: string) => boolean): number => [...expected.revalued].filter(pred).length;
  const cxxIds = new Set(graph.credexes.filter((c) => c.Denomination === 'CXX').map((c) => c.credexID));
  const curIds = new Set(graph.credexes.filter((c) => c.Denomination !== 'CXX').map((c) => c.credexID));
  expect(result.outputs['cxx-credexes']).toBe(String(count((id) => cxxIds.has(id))));
  expect(result.outputs['currency-credexes']).toBe(String(count((id) => curIds.has(id))));
  expect(result.outputs['loop-anchors']).toBe(String(count((id) => id.startsWith('la-'))));
  expect(Number(result.outputs['search-credexes'])).toBeGreaterThan(0);
  expect(Number(result.outputs.batches)).toBeGreaterThan(3);
  expect(result.outputs.verified).toBe('true');
  expect(Number(result.outputs.duration)).toBeGreaterThan(0);
  expect(result.log).toMatch(/cxxCredexes: \d+\/\d+ \(\d+%\), \d+\/s/);
  expect(result.summary).toContain('**Verification: passed**');
  expect(result.summary).toContain(`Active Daynode: **${expected.activeDate}**`);
  const reportPath = result.outputs['report-file']!;
  expect(reportPath).toBe(join(workspace, 'dco-report.json'));
  const report = JSON.parse(readFileSync(reportPath, 'utf8')) as { verified: boolean; counts: Record<string, number> };
  expect(report.verified).toBe(true);
  expect(report.counts.cxxCredexes).toBe(Number(result.outputs['cxx-credexes']));
  expect(differences(expected, await readLedger(servers.ledger), await readSearch(servers.search))).toEqual([]);
  expectNoSecrets(result);

  const again = await runAction('dco-flagged-update', { inputs: inputs() });
  expect(again.exitCode).toBe(0);
  expect(again.outputs['cxx-credexes']).toBe('0');
  expect(again.outputs['search-credexes']).toBe('0');
}, 120_000);

test('dry run: counts and a before -> after sample, nothing written', async () => {
  await reset();
  const before = await state();
  const result = await runAction('dco-flagged-update', { inputs: inputs({ 'dry-run': 'true' }) });
  expect(result.exitCode).toBe(0);
  expect(Number(result.outputs['cxx-credexes'])).toBe(
    graph.credexes.filter((c) => c.Denomination === 'CXX' && expected.revalued.has(c.credexID)).length,
  );
  expect(result.outputs.verified).toBe('');
  expect(result.summary).toContain('dry run: nothing written');
  expect(result.summary).toMatch(/\| Category \| Denomination \| Property \| Before \| After \|/);
  expect(await state()).toBe(before);
  expectNoSecrets(result);
}, 120_000);

test('mode flag (and its dry run) sets and clears flags', async () => {
  await reset();
  const live = graph.credexes.filter((c) => c.amounts.OutstandingAmount > 0 || c.pending);
  const wantSet =
    live.filter((c) => !c.flagged).length +
    graph.rels.filter((r) => !r.flagged).length +
    graph.anchors.filter((a) => !a.flagged).length;
  const wantCleared = graph.credexes.filter((c) => c.flagged && !live.includes(c)).length;
  const before = await state();
  const dry = await runAction('dco-flagged-update', { inputs: inputs({ mode: 'flag', 'dry-run': 'true' }) });
  expect(dry.exitCode).toBe(0);
  expect([dry.outputs['flags-set'], dry.outputs['flags-cleared']]).toEqual([String(wantSet), String(wantCleared)]);
  expect(await state()).toBe(before);

  const result = await runAction('dco-flagged-update', { inputs: inputs({ mode: 'flag' }) });
  expect(result.exitCode).toBe(0);
  expect([result.outputs['flags-set'], result.outputs['flags-cleared']]).toEqual([
    String(wantSet),
    String(wantCleared),
  ]);
  expect(result.summary).toContain('DCO flag maintenance');
  expect(await state()).not.toBe(before);
}, 120_000);

test('a preflight refusal: one error line per problem, exit 1, nothing changed', async () => {
  await reset();
  await write(servers.ledger, 'MATCH (d:Daynode {Active: true}) REMOVE d.XAU SET d.CXXprior_CXXcurrent = 0.0');
  const before = await state();
  const result = await runAction('dco-flagged-update', { inputs: inputs() });
  expect(result.exitCode).toBe(1);
  const errors = result.annotations.filter((a) => a.level === 'error').map((a) => a.message);
  expect(errors).toEqual([
    expect.stringMatching(/^CXXprior_CXXcurrent on Daynode .* is zero$/),
    expect.stringMatching(/^flagged currency entities whose denomination has no usable rate .*: XAU \(\d+\)$/),
    'dco-flagged-update: refused, nothing was changed: 2 problems (see above)',
  ]);
  expect(result.log).not.toMatch(/\n\s+at /);
  expect(await state()).toBe(before);
  expectNoSecrets(result);
}, 120_000);

test.each([
  [{ 'batch-size': 'lots' }, 'input \'batch-size\' must be a whole number, got "lots"'],
  [{ 'batch-size': '0' }, "input 'batch-size' must be at least 1, got 0"],
  [{ mode: 'sweep' }, 'input \'mode\' must be one of revalue, flag, verify, got "sweep"'],
  [{ 'flag-property': 'x`) DETACH DELETE n//' }, "input 'flag-property' must be a plain name"],
  [{ 'ledger-uri': 'http://127.0.0.1:1' }, "input 'ledger-uri' has scheme 'http'"],
  [{ 'search-password': '' }, "input 'search-password' is required when 'search-uri' is set"],
  [{ 'marker-property': 'DCOrevalue' }, "inputs 'flag-property' and 'marker-property' must differ"],
  [{ 'on-tampered': 'ignore' }, 'input \'on-tampered\' must be one of stop, skip, revalue, mark-current, got "ignore"'],
  [{ 'hold-queue': 'maybe' }, 'input \'hold-queue\' must be true or false, got "maybe"'],
  [
    { 'fingerprint-property': 'DCOrevaluedOn' },
    "input 'fingerprint-property' must differ from 'flag-property' and 'marker-property'",
  ],
])('bad input %j: one line, exit 1, nothing touched', async (extra, message) => {
  const before = await state();
  const result = await runAction('dco-flagged-update', { inputs: inputs(extra) });
  expect(result.exitCode).toBe(1);
  const errors = result.annotations.filter((a) => a.level === 'error');
  expect(errors).toHaveLength(1);
  expect(errors[0]!.message).toContain(`dco-flagged-update: ${message}`);
  expect(result.log).not.toMatch(/Neo4j (community|enterprise)/);
  expect(await state()).toBe(before);
  expectNoSecrets(result, inputs(extra));
});

test('a wrong password fails in one line, masked', async () => {
  const result = await runAction('dco-flagged-update', {
    inputs: inputs({ 'ledger-password': 'not-the-password-42' }),
  });
  expect(result.exitCode).toBe(1);
  const errors = result.annotations.filter((a) => a.level === 'error');
  expect(errors).toHaveLength(1);
  expect(errors[0]!.message).toMatch(
    /^dco-flagged-update: LedgerSpace: bad credentials \(Neo\.ClientError\.Security\.Unauthorized\)/,
  );
  expect(everythingVisible(result).includes('not-the-password-42')).toBe(false);
});

test('a verification failure fails the step after writing the summary', async () => {
  await reset();
  // A SearchSpace credex out of line with its (unflagged, so untouched) LedgerSpace credex.
  const stale = graph.credexes.find((c) => c.live && !c.flagged)!;
  await write(servers.search, 'MATCH (c:Credex {credexID: $id}) SET c.outstandingAmount = c.outstandingAmount + 1', {
    id: stale.credexID,
  });
  const result = await runAction('dco-flagged-update', { inputs: inputs() });
  expect(result.exitCode).toBe(1);
  expect(result.outputs.verified).toBe('false');
  expect(result.summary).toContain('**Verification: FAILED**');
  expect(result.summary).toContain('1 differ');
  const errors = result.annotations.filter((a) => a.level === 'error').map((a) => a.message);
  expect(errors).toContain('dco-flagged-update: verification failed (see the summary)');
  expect(errors).toContainEqual(
    expect.stringMatching(new RegExp(`^SearchSpace credex ${stale.credexID}: outstandingAmount `)),
  );
  // The revaluation itself is complete and correct; only the pre-existing SearchSpace drift is reported.
  const ledgerDiffs = differences(expected, await readLedger(servers.ledger));
  expect(ledgerDiffs).toEqual([]);
}, 120_000);

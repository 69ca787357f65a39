import { runAction } from '../../harness/run-bundle';
import { generateGraph } from './generator';
import { differences, readLedger, readSearch, type ActualEntity } from './graph-state';
import { referenceState } from './reference';
import { actionInputs, reload, useServers } from './support';

/**
 * The action's bundle is killed with SIGKILL (no cleanup, lease left behind) at several points; a rerun with
 * break-lease must end equal to the reference, having revalued only what the dead run had not.
 */

const servers = useServers();

const graph = generateGraph({ seed: 77, credexes: 900, days: 4, flagged: 0.6 });
const expected = referenceState(graph);
const original = referenceState({
  ...graph,
  credexes: graph.credexes.map((c) => ({ ...c, flagged: false })),
  rels: graph.rels.map((r) => ({ ...r, flagged: false })),
  anchors: graph.anchors.map((a) => ({ ...a, flagged: false })),
});

function inputs(extra: Record<string, string> = {}): Record<string, string> {
  return actionInputs(servers, 20, extra);
}

/** Each revalued entity is wholly new (with the marker) and each other one wholly old: no half-written entity. */
function halfWritten(ledger: Map<string, ActualEntity>): string[] {
  const problems: string[] = [];
  for (const id of expected.revalued) {
    const got = ledger.get(id)!;
    const want = got.marker === expected.activeDate ? expected.ledger.get(id)! : original.ledger.get(id)!;
    for (const [key, value] of Object.entries(want.amounts)) {
      if (!Object.is(got.amounts[key], value)) problems.push(`${id}.${key} ${got.amounts[key]} (marker ${got.marker})`);
    }
  }
  return problems;
}

test.each([
  { point: 'after the lease is taken', kill: /DCO lease taken/, partial: false },
  { point: 'after the first committed batch of CXX credexes', kill: /cxxCredexes: [1-9]\d*\/\d+/, partial: true },
  { point: 'mid currency credexes', kill: /currencyCredexes: (6\d|[1-9]\d\d+)\/\d+/, partial: true },
  { point: 'mid REDEEMED', kill: /redeemed: [1-9]\d*\/\d+/, partial: true },
  { point: 'between LedgerSpace and SearchSpace', kill: /LedgerSpace done/, partial: false },
  { point: 'mid SearchSpace sync', kill: /searchCredexes: [1-9]\d*\/\d+/, partial: false },
])('SIGKILL $point, then a rerun with break-lease equals the reference', async ({ kill, partial }) => {
  await reload(servers, graph);

  const killed = await runAction('dco-flagged-update', { inputs: inputs(), killWhenStdout: kill, timeoutMs: 120_000 });
  expect(killed.signal).toBe('SIGKILL');
  const afterKill = await readLedger(servers.ledger);
  expect(halfWritten(afterKill)).toEqual([]);
  const doneByDeadRun = [...expected.revalued].filter((id) => afterKill.get(id)!.marker === expected.activeDate).length;

  if (partial) {
    // The kill landed mid-way: some entities revalued, others not yet.
    expect(doneByDeadRun).toBeGreaterThan(0);
    expect(doneByDeadRun).toBeLessThan(expected.revalued.size);
  }

  const refused = await runAction('dco-flagged-update', { inputs: inputs() });
  expect(refused.exitCode).toBe(1);
  expect(refused.annotations.map((a) => a.message).join('\n')).toMatch(/holds the DCO lease .* break-lease: true/);

  const rerun = await runAction('dco-flagged-update', { inputs: inputs({ 'break-lease': 'true' }) });
  expect(rerun.exitCode).toBe(0);
  expect(rerun.outputs.verified).toBe('true');
  const revaluedByRerun = ['cxx-credexes', 'currency-credexes', 'redeemed', 'credloop', 'loop-anchors'].reduce(
    (n, key) => n + Number(rerun.outputs[key]),
    0,
  );
  // Nothing revalued twice: the two runs together revalued each flagged entity exactly once.
  expect(doneByDeadRun + revaluedByRerun).toBe(expected.revalued.size);
  expect(differences(expected, await readLedger(servers.ledger), await readSearch(servers.search))).toEqual([]);
});

test('cancel (SIGINT) mid-run: the batch in flight rolls back, the lease is given back, a plain rerun finishes', async () => {
  await reload(servers, graph);

  const cancelled = await runAction('dco-flagged-update', {
    inputs: inputs(),
    cancelWhenStdout: /currencyCredexes: [1-9]\d*\/\d+/,
    timeoutMs: 120_000,
  });
  expect(cancelled.cancelled).toBe(true);
  expect(cancelled.exitCode).toBe(1);
  expect(cancelled.annotations.map((a) => a.message)).toContain('dco-flagged-update: cancelled by SIGINT');
  const afterCancel = await readLedger(servers.ledger);
  expect(halfWritten(afterCancel)).toEqual([]);
  const done = [...expected.revalued].filter((id) => afterCancel.get(id)!.marker === expected.activeDate).length;
  expect(done).toBeGreaterThan(0);
  expect(done).toBeLessThan(expected.revalued.size);

  const rerun = await runAction('dco-flagged-update', { inputs: inputs() });
  expect(rerun.exitCode).toBe(0);
  expect(rerun.outputs.verified).toBe('true');
  expect(differences(expected, await readLedger(servers.ledger), await readSearch(servers.search))).toEqual([]);
});

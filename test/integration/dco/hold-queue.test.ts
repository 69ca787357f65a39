import type { DcoReport, Reporter } from '@credex/dco';
import { runAction } from '../../harness/run-bundle';
import { generateGraph } from './generator';
import { differences, readLedger, readSearch } from './graph-state';
import { referenceState } from './reference';
import { actionInputs, reload, runOn, useServers, write } from './support';

/**
 * hold-queue: DCOrunningNow (what credex-core's minute queue checks before it runs) is set on the Active Daynode for
 * the length of the run and reset on success, failure and cancel; a DCOrunningNow this step did not set is never
 * reset; one left by a run of this step that died is reset by the action's post step, or by the next run.
 */

const servers = useServers();
const graph = generateGraph({ seed: 61, credexes: 240, days: 3 });

interface Hold {
  running: unknown;
  holder: unknown;
  /** Daynodes anywhere that still name a holder. */
  holders: number;
  lease: unknown;
}

async function hold(): Promise<Hold> {
  const session = servers.ledger.session();
  try {
    const result = await session.run(
      `MATCH (d:Daynode {Active: true})
       OPTIONAL MATCH (h:Daynode) WHERE h.DCOholdRunId IS NOT NULL
       RETURN d.DCOrunningNow AS running, d.DCOholdRunId AS holder, count(h) AS holders, d.DCOleaseRunId AS lease`,
    );
    const r = result.records[0]!;
    return {
      running: r.get('running'),
      holder: r.get('holder'),
      holders: (r.get('holders') as { toNumber(): number }).toNumber(),
      lease: r.get('lease'),
    };
  } finally {
    await session.close();
  }
}

const released: Hold = { running: false, holder: null, holders: 0, lease: null };

/** A reporter that calls `at` on the first progress line of a category (while the run is writing). */
function atFirstProgress(at: () => void): Reporter {
  let done = false;
  return {
    info: (line) => {
      if (!done && /^\w+: [1-9]\d*\/\d+ /.test(line)) {
        done = true;
        at();
      }
    },
    warning: () => undefined,
  };
}

beforeEach(async () => {
  await reload(servers, graph);
});

test('held while the run writes, released after success; the result equals the reference', async () => {
  let during: Promise<Hold> | undefined;
  const report = await runOn(servers, {
    holdQueue: true,
    runId: 'run-ok',
    batchSize: 20,
    reporter: atFirstProgress(() => {
      during = hold();
    }),
  });
  expect(report.problems).toEqual([]);
  expect(report.hold).toEqual({ held: true });
  expect(await during).toEqual({ running: true, holder: 'run-ok', holders: 1, lease: 'run-ok' });
  expect(await hold()).toEqual(released);
  expect(
    differences(referenceState(graph), await readLedger(servers.ledger), await readSearch(servers.search)),
  ).toEqual([]);
});

test.each([
  {
    how: 'a failure mid-run (the logger throws)',
    options: (): Partial<Parameters<typeof runOn>[1]> => ({
      reporter: atFirstProgress(() => {
        throw new Error('logger failed');
      }),
    }),
    error: 'logger failed',
  },
  {
    how: 'a cancel mid-run (the signal aborts)',
    options: (): Partial<Parameters<typeof runOn>[1]> => {
      const controller = new AbortController();
      return {
        signal: controller.signal,
        reporter: atFirstProgress(() => controller.abort(new Error('cancelled by the test'))),
      };
    },
    error: 'cancelled by the test',
  },
])('released after $how', async ({ options, error }) => {
  await expect(runOn(servers, { holdQueue: true, batchSize: 20, ...options() })).rejects.toThrow(error);
  expect(await hold()).toEqual(released);
});

test('a DCOrunningNow this step did not set: hold-queue refuses and leaves it; without hold-queue the run leaves it too', async () => {
  // As credex-core's DCO sets it: no holder recorded.
  await write(servers.ledger, 'MATCH (d:Daynode {Active: true}) SET d.DCOrunningNow = true');
  const before = await readLedger(servers.ledger);
  const refused = await runOn(servers, { holdQueue: true });
  expect(refused.problems).toEqual([
    'DCOrunningNow is already set on the Active Daynode, and not by this step (a DCO in progress, or one that died); rerun when it is clear, or with hold-queue: false',
  ]);
  expect(await readLedger(servers.ledger)).toEqual(before);

  await expect(
    runOn(servers, {
      batchSize: 20,
      reporter: atFirstProgress(() => {
        throw new Error('logger failed');
      }),
    }),
  ).rejects.toThrow('logger failed');
  expect(await hold()).toEqual({ ...released, running: true });

  const inside: DcoReport = await runOn(servers);
  expect(inside.problems).toEqual([]);
  expect(inside.hold).toEqual({ held: false });
  expect(await hold()).toEqual({ ...released, running: true });
});

test('a hold left by a run of this step that died is taken over (hold-queue) or reset (without)', async () => {
  const leftBy = (run: string): Promise<void> =>
    write(
      servers.ledger,
      'MATCH (d:Daynode {Active: true}) SET d.DCOrunningNow = true, d.DCOholdRunId = $run, d.DCOleaseRunId = $run, d.DCOleaseExpiresAt = 0',
      { run },
    );
  await leftBy('dead-1');
  const heldAgain = await runOn(servers, { holdQueue: true, runId: 'run-2' });
  expect(heldAgain.hold).toEqual({ held: true, tookOverFrom: 'dead-1' });
  expect(heldAgain.lease).toEqual({ tookOverFrom: 'dead-1' });
  expect(await hold()).toEqual(released);

  await leftBy('dead-3');
  const cleared = await runOn(servers, { runId: 'run-4' });
  expect(cleared.hold).toEqual({ held: false, resetLeftFrom: 'dead-3' });
  expect(await hold()).toEqual(released);
});

test('the action: SIGKILL mid-run leaves the lease but its post step resets the hold; SIGINT resets both', async () => {
  const inputs = actionInputs(servers, 20);
  const killed = await runAction('dco-flagged-update', {
    inputs,
    killWhenStdout: /cxxCredexes: [1-9]\d*\/\d+/,
    timeoutMs: 120_000,
  });
  expect(killed.signal).toBe('SIGKILL');
  expect(killed.post?.exitCode).toBe(0);
  expect(killed.post?.annotations.map((a) => a.message)).toContainEqual(
    expect.stringMatching(
      /^reset DCOrunningNow, left set by run [\w-]+ when its main step ended without resetting it$/,
    ),
  );
  const after = await hold();
  expect({ running: after.running, holder: after.holder, holders: after.holders }).toEqual({
    running: false,
    holder: null,
    holders: 0,
  });
  // The lease guards the money: it stays until it expires or a rerun breaks it.
  expect(after.lease).toEqual(expect.any(String));

  await write(servers.ledger, 'MATCH (d:Daynode {Active: true}) REMOVE d.DCOleaseRunId, d.DCOleaseExpiresAt');
  const cancelled = await runAction('dco-flagged-update', {
    inputs,
    cancelWhenStdout: /currencyCredexes: [1-9]\d*\/\d+/,
    timeoutMs: 120_000,
  });
  expect(cancelled.cancelled).toBe(true);
  expect(cancelled.exitCode).toBe(1);
  expect(await hold()).toEqual(released);
});

import neo4j, { type Driver } from 'neo4j-driver';
import { clearGraph, generateGraph, loadGraph } from '../../test/integration/dco/generator';
import { fingerprint, readLedger, readSearch } from '../../test/integration/dco/graph-state';
import { acquireGraphLock } from '../../test/integration/dco/lock';
import { liveServices, type Scenario } from './types';

// The nightly DCO revaluation on a small generated credex graph in the live Neo4j servers (LedgerSpace and
// SearchSpace): a dry run that writes nothing, the real run (verified), and a rerun that finds nothing left to do.
// The graph lock is the one the DCO tests take, so a test run at the same time waits instead of colliding.

const COUNTS = ['cxx-credexes', 'currency-credexes', 'redeemed', 'credloop', 'loop-anchors', 'search-credexes'];

function counts(outputs: Record<string, string>): string {
  return COUNTS.map((name) => `${name} ${outputs[name] ?? '?'}`).join(', ');
}

export const dcoFlaggedUpdate: Scenario = {
  name: 'dco-flagged-update',
  description: 'The nightly DCO revaluation on a generated credex graph: dry run, run, rerun.',
  actions: ['dco-flagged-update'],
  needsServices: true,
  async run(ctx) {
    const services = liveServices(ctx);
    const waiting = setTimeout(() => console.log('  waiting for the DCO graph lock (a DCO test run holds it)…'), 1_000);
    const release = await acquireGraphLock(300_000).finally(() => clearTimeout(waiting));
    const ledger: Driver = neo4j.driver(
      services.NEO4J_URI ?? '',
      neo4j.auth.basic(services.NEO4J_USER ?? '', services.NEO4J_PASSWORD ?? ''),
    );
    const search: Driver = neo4j.driver(
      services.NEO4J2_URI ?? '',
      neo4j.auth.basic(services.NEO4J2_USER ?? '', services.NEO4J2_PASSWORD ?? ''),
    );
    let cleaning: Promise<void> | undefined;
    const cleanup = (): Promise<void> =>
      (cleaning ??= (async () => {
        try {
          await clearGraph(ledger);
          await clearGraph(search);
        } finally {
          await ledger.close();
          await search.close();
          release();
        }
      })());
    ctx.onCleanup(cleanup);
    try {
      await clearGraph(ledger);
      await clearGraph(search);
      const graph = generateGraph({ seed: 2026, credexes: 400, days: 4 });
      await loadGraph(graph, ledger, search);
      const state = async (): Promise<string> => fingerprint(await readLedger(ledger), await readSearch(search));
      const inputs = {
        'ledger-uri': services.NEO4J_URI,
        'ledger-user': services.NEO4J_USER,
        'ledger-password': services.NEO4J_PASSWORD,
        'search-uri': services.NEO4J2_URI,
        'search-user': services.NEO4J2_USER,
        'search-password': services.NEO4J2_PASSWORD,
        'batch-size': '100',
      };
      console.log(
        `\n  graph: ${graph.credexes.length} credexes, ${graph.rels.length} REDEEMED/CREDLOOP, ${graph.anchors.length} LoopAnchors, ${graph.daynodes.length} Daynodes (Active ${graph.daynodes.at(-1)?.date ?? '?'})`,
      );

      const loaded = await state();
      const dry = await ctx.step(
        'dry run (counts and a before -> after sample)',
        'dco-flagged-update',
        { timeoutMs: 120_000, inputs: { ...inputs, 'dry-run': 'true' } },
        {
          exitCode: 0,
          outputs: { 'cxx-credexes': /^[1-9]\d*$/, verified: '' },
          check: async () => ((await state()) === loaded ? undefined : 'the dry run changed the graph'),
        },
      );

      const run = await ctx.step(
        'revalue flagged balances to the Active Daynode, then verify',
        'dco-flagged-update',
        { timeoutMs: 120_000, inputs: { ...inputs, 'report-file': 'dco-report.json' } },
        {
          exitCode: 0,
          outputs: { verified: 'true' },
          check: async (r) => {
            const differing = COUNTS.filter((n) => n !== 'search-credexes' && r.outputs[n] !== dry.outputs[n]);
            if (differing.length > 0) return `the run's counts differ from the dry run's: ${differing.join(', ')}`;
            return (await state()) === loaded ? 'the run changed nothing' : undefined;
          },
        },
      );

      const revalued = await state();
      await ctx.step(
        'rerun the same day: nothing left to revalue',
        'dco-flagged-update',
        { timeoutMs: 120_000, inputs },
        {
          exitCode: 0,
          outputs: Object.fromEntries(COUNTS.map((n) => [n, '0'])),
          check: async () => ((await state()) === revalued ? undefined : 'the rerun changed the graph'),
        },
      );
      return `dry run: ${counts(dry.outputs)}; run: verified ${run.outputs.verified ?? '?'}; rerun: nothing changed`;
    } finally {
      await cleanup();
    }
  },
};

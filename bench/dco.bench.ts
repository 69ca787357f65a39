// DCO flagged update on generated credex graphs with 5% flagged: (a) this step (flag index + markers, batched),
// (b) a correct full-scan revaluation of every entity with the same arithmetic and batch size, (c) the original
// statement's shape on a graph small enough to finish. Prints times, entities/second, the ratios (b)/(a) for warm
// runs and for first runs (the day's first run, simulated by emptying Neo4j's plan cache with db.clearQueryCaches()),
// where a first run's time goes (compile and execute time per statement from db.stats QUERIES: the query log that
// would also say so is an Enterprise feature, Community writes an empty query.log), the Neo4j JVM's heap (both test
// servers share one JVM; sampled every 250 ms during each phase, via JMX), Neo4j's own accounting of the most memory
// one statement held (PROFILE), and the machine's load average.
// The 1M-credex graph takes several minutes to generate and load on the 2-core machine: it runs only with
// DCO_BENCH_1M=1. NEO4J_URI/NEO4J_USER/NEO4J_PASSWORD in the environment point it at another server; otherwise it
// uses the test services (1 GB heap, 64 MiB page cache). A server sized for the 1M graph, from the test services'
// launcher (after `npm run services:start` has compiled it):
//   sed 's/"-Xmx1g"/"-Xmx4g"/' test/.services/neo4j.args > /tmp/bench.args
//   NEO4J_LAUNCHER_PAGECACHE_MB=1024 NEO4J_LAUNCHER_PASSWORD_1=... NEO4J_LAUNCHER_PASSWORD_2=... java @/tmp/bench.args
// then NEO4J_URI=bolt://127.0.0.1:<first port of its READY line> NEO4J_PASSWORD=... DCO_BENCH_1M=1 npm run bench:dco
// Usage: npm run bench:dco   (DCO_BENCH_1M=1 npm run bench:dco for the 1M case too)
import { cpus, loadavg } from 'node:os';
import neo4j, { type Driver } from 'neo4j-driver';
import { markdownTable } from '@credex/reports';
import {
  DEFAULT_CONFIG,
  STEPS,
  makePlan,
  revalueBatchStatement,
  revaluableCondition,
  revaluationClauses,
  anchorBinding,
  asOfExpression,
  cxxExpression,
  matchAll,
  pendingCondition,
  runDco,
  type DcoConfig,
  type DcoReport,
  type Step,
} from '@credex/dco';
import { servicesEnv } from '../test/services/env';
import { acquireGraphLock } from '../test/integration/dco/lock';
import { clearGraph, generateGraph, loadGraph } from '../test/integration/dco/generator';
import { OLD_SHAPE } from '../test/integration/dco/old-shape';

const BATCH = 10_000;
const RUNS = 5;
const FIRST_RUNS = 3;
const FULL_RUNS = 2;
const sizes = [100_000, ...(process.env.DCO_BENCH_1M === '1' ? [1_000_000] : [])];

interface ServicesModule {
  startServices(options: { owner: string }): Promise<{ started: string[] }>;
  stopServices(): Promise<unknown>;
}

interface Measured<T> {
  value: T;
  ms: number;
  heapPeak?: number;
}

async function heapUsed(driver: Driver): Promise<number | undefined> {
  const session = driver.session({ defaultAccessMode: neo4j.session.READ });
  try {
    const result = await session.run(
      "CALL dbms.queryJmx('java.lang:type=Memory') YIELD attributes RETURN attributes.HeapMemoryUsage.value.properties.used AS used",
    );
    const used = result.records[0]?.get('used') as unknown;
    return neo4j.isInt(used) ? neo4j.integer.toNumber(used) : typeof used === 'number' ? used : undefined;
  } catch {
    return undefined;
  } finally {
    await session.close();
  }
}

/** Runs fn while sampling the server heap; returns its time and the heap's peak. */
async function measured<T>(driver: Driver, fn: () => Promise<T>): Promise<Measured<T>> {
  let heapPeak = await heapUsed(driver);
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      const used = await heapUsed(driver);
      if (used !== undefined) heapPeak = Math.max(heapPeak ?? 0, used);
      await new Promise((r) => setTimeout(r, 250));
    }
  })();
  const started = performance.now();
  try {
    const value = await fn();
    return { value, ms: performance.now() - started, heapPeak };
  } finally {
    sampling = false;
    await sampler;
  }
}

function median<T extends { ms: number }>(runs: T[]): T {
  return [...runs].sort((x, y) => x.ms - y.ms)[Math.floor(runs.length / 2)]!;
}

/** Removes a marker (and the fingerprints) so that the next run has the same work as the first. */
async function clearMarkers(driver: Driver, marker: string, flaggedOnly: boolean): Promise<void> {
  const where = flaggedOnly ? 'WHERE e.DCOrevalue = true' : '';
  const session = driver.session();
  try {
    for (const pattern of ['(e:Credex)', '(e:LoopAnchor)', '()-[e:REDEEMED|CREDLOOP]->()']) {
      await session.run(
        `MATCH ${pattern} ${where} CALL { WITH e REMOVE e.\`${marker}\`, e.DCOfingerprint } IN TRANSACTIONS OF 10000 ROWS`,
      );
    }
  } finally {
    await session.close();
  }
}

async function run(driver: Driver, statement: string): Promise<Record<string, unknown>[]> {
  const session = driver.session();
  try {
    return (await session.run(statement)).records.map((r) => r.toObject());
  } finally {
    await session.close();
  }
}

interface StatementCost {
  statement: string;
  invocations: number;
  compileMs: number;
  executeMs: number;
  /** CPU time the Neo4j JVM spends compiling it (see compileCpu). */
  compileCpuMs?: number;
}

/** CPU time of the Neo4j JVM so far, in ms (JMX; the test servers share one JVM). */
async function jvmCpuMs(driver: Driver): Promise<number | undefined> {
  const rows = await run(
    driver,
    "CALL dbms.queryJmx('java.lang:type=OperatingSystem') YIELD attributes RETURN attributes.ProcessCpuTime.value AS t",
  ).catch(() => []);
  const t = rows[0]?.t;
  if (t === undefined || t === null) return undefined;
  return (neo4j.isInt(t) ? neo4j.integer.toNumber(t) : Number(t)) / 1e6;
}

/**
 * Compile CPU per statement: the JVM's CPU time over `times` rounds of emptying the plan cache and EXPLAINing the
 * statement, less the same for a trivial statement, per round; the median of three such measurements. CPU time
 * (unlike the wall-clock compile time db.stats reports) hardly depends on how busy the machine is, so this says what
 * a first run costs on a quiet machine. EXPLAIN plans without running anything.
 */
async function compileCpu(driver: Driver, costs: StatementCost[], times = 6): Promise<void> {
  const session = driver.session();
  const params = {
    date: null,
    prevDate: null,
    factors: {},
    rates: {},
    batch: neo4j.int(1),
    runId: 'bench',
    runIds: [],
    expiresAt: 0,
    revalueTampered: false,
    adoptTampered: false,
  };
  const perRound = async (statement: string): Promise<number | undefined> => {
    const before = await jvmCpuMs(driver);
    for (let i = 0; i < times; i++) {
      await session.run('CALL db.clearQueryCaches()');
      await session.run(`EXPLAIN ${statement}`, params);
    }
    const after = await jvmCpuMs(driver);
    return before === undefined || after === undefined ? undefined : (after - before) / times;
  };
  try {
    for (const cost of costs) {
      const samples: number[] = [];
      for (let round = 0; round < 3; round++) {
        const baseline = await perRound('RETURN 1 AS x');
        const measuredCpu = await perRound(cost.statement).catch(() => undefined);
        if (baseline !== undefined && measuredCpu !== undefined) samples.push(Math.max(0, measuredCpu - baseline));
      }
      if (samples.length) cost.compileCpuMs = samples.sort((x, y) => x - y)[Math.floor(samples.length / 2)];
    }
  } finally {
    await session.close();
  }
}

/**
 * A day's first run: the plan cache emptied (db.clearQueryCaches()) and Neo4j's query statistics collected during
 * the run, so that each statement's compile and execute time can be told apart.
 */
async function firstRun(ledger: Driver): Promise<Measured<DcoReport> & { costs: StatementCost[] }> {
  await run(ledger, "CALL db.stats.stop('QUERIES')").catch(() => undefined);
  await run(ledger, "CALL db.stats.clear('QUERIES')");
  await run(ledger, 'CALL db.clearQueryCaches()');
  await run(ledger, "CALL db.stats.collect('QUERIES', {durationSeconds: 3600})");
  const measuredRun = await measured(ledger, step(ledger, false));
  await run(ledger, "CALL db.stats.stop('QUERIES')");
  const rows = await run(ledger, "CALL db.stats.retrieve('QUERIES') YIELD data RETURN data");
  const us = (invocations: Record<string, unknown>[], key: string): number =>
    invocations.reduce((n, i) => n + Number(i[key] ?? 0), 0) / 1000;
  const costs = rows
    .map((r) => r.data as { query: string; invocations: Record<string, unknown>[] })
    .filter((d) => !/^\s*CALL db\.(stats|clearQueryCaches|queryJmx)|dbms\.queryJmx/.test(d.query))
    .map((d) => ({
      statement: d.query,
      invocations: d.invocations.length,
      compileMs: us(d.invocations, 'elapsedCompileTimeInUs'),
      executeMs: us(d.invocations, 'elapsedExecutionTimeInUs'),
    }))
    .sort((x, y) => y.compileMs - x.compileMs);
  return { ...measuredRun, costs };
}

/** "preflight cxxCredexes", "batch redeemed", ... or the statement's first words. */
function label(statement: string): string {
  const category = (): string => {
    for (const s of STEPS) {
      const kind = s.entity === 'node' ? `(e:\`${s.name}\`)` : `[e:\`${s.name}\`]`;
      if (!statement.includes(kind)) continue;
      if (s.denomination === 'cxx' && !statement.includes("e.Denomination = 'CXX'")) continue;
      if (s.denomination === 'currency' && !statement.includes("<> 'CXX'")) continue;
      return s.category;
    }
    return '?';
  };
  if (statement.includes('LIMIT $batch') && statement.includes('SET ')) return `revalue batch, ${category()}`;
  if (statement.includes('AS badMultiplier')) return `preflight, ${category()}`;
  if (statement.includes('DCOleaseLock')) return 'lease: take';
  if (statement.includes('DCOleaseExpiresAt') && statement.includes('REMOVE')) return 'lease: release';
  if (statement.includes('DCOleaseRunId AS holder')) return 'lease: read';
  if (statement.startsWith('MATCH (d:Daynode) RETURN')) return 'Daynodes: the Active one and its chain';
  if (statement.startsWith('SHOW INDEXES')) return 'indexes: check';
  return statement.slice(0, 60);
}

function breakdownTable(
  credexes: number,
  first: Measured<DcoReport> & { costs: StatementCost[] },
  warmMs: number,
): string {
  const compile = first.costs.reduce((n, c) => n + c.compileMs, 0);
  const compileCpu = first.costs.reduce((n, c) => n + (c.compileCpuMs ?? 0), 0);
  const execute = first.costs.reduce((n, c) => n + c.executeMs, 0);
  const ms = (x: number | undefined): string => (x === undefined ? 'n/a' : x.toFixed(0));
  const rows: (string | number)[][] = first.costs.map((c) => [
    label(c.statement.replace(/\s+/g, ' ').trim()),
    c.invocations,
    ms(c.compileMs),
    ms(c.compileCpuMs),
    ms(c.executeMs),
  ]);
  rows.push(
    [
      '**all statements**',
      first.costs.reduce((n, c) => n + c.invocations, 0),
      `**${ms(compile)}**`,
      `**${ms(compileCpu)}**`,
      `**${ms(execute)}**`,
    ],
    ['rest of the run (round trips, sessions, the driver, this process)', '', '', '', ms(first.ms - compile - execute)],
    ['**the run, wall clock**', '', '', '', `**${ms(first.ms)}**`],
  );
  return [
    `First run at ${credexes.toLocaleString('en-US')} credexes, plan cache emptied (median of ${FIRST_RUNS}), per statement, ms: compile and execute as db.stats QUERIES measured them (wall clock, on this machine now), and the CPU the Neo4j JVM spends compiling each (EXPLAIN with the plan cache emptied, less a trivial statement; hardly depends on the load).`,
    `The first run took ${ms(first.ms - warmMs)} ms longer than the median warm run; the statements' compile CPU adds up to ${ms(compileCpu)} ms.`,
    '',
    markdownTable(['Statement', 'Runs', 'Compile', 'Compile CPU', 'Execute'], rows, [
      'left',
      'right',
      'right',
      'right',
      'right',
    ]),
  ].join('\n');
}

/**
 * (b)'s statement: the same arithmetic and marker as the step, over every entity of the category (no flag), in one
 * statement with `CALL { … } IN TRANSACTIONS OF $batch ROWS` — the fastest way we found to batch a full scan (a
 * repeated `LIMIT` batch, as the step uses, would rescan the entities already done on every batch).
 */
function fullScanStatement(config: DcoConfig, step: Step): string {
  return `${matchAll(step)} AND ${pendingCondition(config)}
${anchorBinding(step)}WITH e, ${asOfExpression(config, step)} AS asOf
CALL {
  WITH e, asOf
  WITH e, asOf, ${cxxExpression(step)} AS cxx, $factors[toString(asOf)] AS f, $rates[e.Denomination] AS rate
  WHERE asOf < $date AND ${revaluableCondition(step)}
  ${revaluationClauses(config, step)}
  RETURN 1 AS revalued
} IN TRANSACTIONS OF $batch ROWS
RETURN count(revalued) AS n`;
}

/** (b): every Credex, REDEEMED, CREDLOOP and LoopAnchor, flagged or not, batches of the same size. */
async function fullScan(driver: Driver, config: DcoConfig, params: Record<string, unknown>): Promise<number> {
  let rows = 0;
  for (const step of STEPS) {
    const session = driver.session();
    try {
      const result = await session.run(fullScanStatement(config, step), params);
      rows += neo4j.integer.toNumber(result.records[0]!.get('n') as number);
    } finally {
      await session.close();
    }
  }
  return rows;
}

/** Neo4j's own figure for the most memory one statement held at once (PROFILE's GlobalMemory), in bytes. */
async function statementMemory(
  driver: Driver,
  statement: string,
  params: Record<string, unknown>,
): Promise<number | undefined> {
  const session = driver.session();
  try {
    const result = await session.run(`PROFILE ${statement}`, params);
    const profile = result.summary.profile;
    const memory = profile ? (profile.arguments as Record<string, unknown>).GlobalMemory : undefined;
    return neo4j.isInt(memory) ? neo4j.integer.toNumber(memory) : typeof memory === 'number' ? memory : undefined;
  } finally {
    await session.close();
  }
}

/** The largest statement memory over the statements, run in turn. */
async function peakMemory(
  driver: Driver,
  statements: string[],
  params: Record<string, unknown>,
): Promise<number | undefined> {
  let peak: number | undefined;
  for (const statement of statements) {
    const used = await statementMemory(driver, statement, params);
    if (used !== undefined) peak = Math.max(peak ?? 0, used);
  }
  return peak;
}

/** (a)'s figure: the first batch of each category, markers cleared first so that every batch has work. */
async function stepMemory(ledger: Driver, config: DcoConfig): Promise<number | undefined> {
  await clearMarkers(ledger, config.markerProperty, true);
  const session = ledger.session();
  const plan = await makePlan(session, config).finally(() => session.close());
  const params = {
    date: plan.active!.date,
    prevDate: plan.active!.prevDate,
    factors: plan.factors,
    rates: plan.rates,
    batch: neo4j.int(config.batchSize),
    revalueTampered: false,
  };
  return peakMemory(
    ledger,
    STEPS.map((s) => revalueBatchStatement(config, s)),
    params,
  );
}

/** (b)'s figure: one more full scan, profiled, not timed. */
async function fullScanMemory(
  ledger: Driver,
  config: DcoConfig,
  params: Record<string, unknown>,
): Promise<number | undefined> {
  await clearMarkers(ledger, config.markerProperty, false);
  return peakMemory(
    ledger,
    STEPS.map((s) => fullScanStatement(config, s)),
    params,
  );
}

function step(ledger: Driver, verify: boolean): () => Promise<DcoReport> {
  return () =>
    runDco({
      ledger: { driver: ledger },
      config: { ...DEFAULT_CONFIG, batchSize: BATCH },
      mode: 'revalue',
      dryRun: false,
      verify,
      waitForMtq: false,
      breakLease: true,
    });
}

const mb = (bytes?: number): string => (bytes === undefined ? 'n/a' : `${Math.round(bytes / 1048576)} MB`);
const rate = (n: number, ms: number): string => `${Math.round(n / (ms / 1000)).toLocaleString('en-US')}/s`;
const secs = (ms: number): string => (ms / 1000).toFixed(2);
const revaluedBy = (report: DcoReport): number => Object.values(report.counts).reduce((x, y) => x + y, 0);

async function benchSize(
  ledger: Driver,
  credexes: number,
  rows: (string | number)[][],
  breakdowns: string[],
): Promise<void> {
  const graph = generateGraph({
    seed: 2026,
    credexes,
    days: 5,
    flagged: 0.05,
    relsPerCredex: 0.5,
    anchorsPerCredex: 0.1,
    markedShare: 0,
  });
  const entities = graph.credexes.length + graph.rels.length + graph.anchors.length;
  await clearGraph(ledger);
  const load = await measured(ledger, () => loadGraph(graph, ledger));
  console.log(`${credexes} credexes (${entities} entities) generated and loaded in ${(load.ms / 1000).toFixed(1)} s`);

  const setup = await measured(ledger, step(ledger, false));
  const revalued = revaluedBy(setup.value);
  const indexNote = setup.value.indexes.created.length
    ? `creating ${setup.value.indexes.created.length} indexes`
    : 'indexes already there';
  // First runs: plan cache emptied before each; today's markers removed so that each run has the same work.
  const firsts: (Measured<DcoReport> & { costs: StatementCost[] })[] = [];
  for (let i = 0; i < FIRST_RUNS; i++) {
    await clearMarkers(ledger, 'DCOrevaluedOn', true);
    firsts.push(await firstRun(ledger));
  }
  const first = median(firsts);
  // Warm runs: the plans are cached.
  const warm: Measured<DcoReport>[] = [];
  for (let i = 0; i < RUNS; i++) {
    await clearMarkers(ledger, 'DCOrevaluedOn', true);
    warm.push(await measured(ledger, step(ledger, false)));
  }
  const a = median(warm);
  await compileCpu(ledger, first.costs);
  breakdowns.push(breakdownTable(credexes, first, a.ms));
  await clearMarkers(ledger, 'DCOrevaluedOn', true);
  const verified = await measured(ledger, step(ledger, true));
  console.log(
    `  verification ${verified.value.verified ? 'passed' : 'FAILED'}: ${verified.value.verification?.flaggedChecked} flagged and ${verified.value.verification?.unflagged.entities} unflagged entities checked`,
  );

  const active = graph.daynodes[graph.daynodes.length - 1]!;
  const factors: Record<string, number> = {};
  for (const d of graph.daynodes.slice(0, -1)) {
    factors[d.date] = graph.daynodes.filter((x) => x.date > d.date).reduce((f, x) => f * x.k!, 1);
  }
  const session = ledger.session();
  const dates = await session.run(
    'MATCH (d:Daynode {Active: true}) MATCH (p:Daynode) WHERE p.Date < d.Date RETURN d.Date AS date, max(p.Date) AS prev',
  );
  await session.close();
  const params = {
    date: dates.records[0]!.get('date') as unknown,
    prevDate: dates.records[0]!.get('prev') as unknown,
    factors,
    rates: active.rates,
    batch: neo4j.int(BATCH),
  };
  const fullConfig = { ...DEFAULT_CONFIG, markerProperty: 'BenchFullScanOn', batchSize: BATCH };
  const full: Measured<number>[] = [];
  for (let i = 0; i < FULL_RUNS; i++) {
    if (i > 0) await clearMarkers(ledger, 'BenchFullScanOn', false);
    full.push(await measured(ledger, () => fullScan(ledger, fullConfig, params)));
  }
  const b = full.reduce((x, y) => (y.ms < x.ms ? y : x));
  const aMemory = await stepMemory(ledger, { ...DEFAULT_CONFIG, batchSize: BATCH });
  const bMemory = await fullScanMemory(ledger, fullConfig, params);
  const label = `${credexes.toLocaleString('en-US')} credexes (${entities.toLocaleString('en-US')} entities)`;
  const kb = (bytes?: number): string =>
    bytes === undefined ? 'n/a' : `${Math.round(bytes / 1024).toLocaleString('en-US')} KB`;
  rows.push(
    [
      label,
      `(a) this step, first run ever (${indexNote})`,
      revalued,
      secs(setup.ms),
      rate(revalued, setup.ms),
      mb(setup.heapPeak),
      '',
    ],
    [
      '',
      `(a) this step, a day's first run: plan cache emptied, median of ${FIRST_RUNS}`,
      revalued,
      secs(first.ms),
      rate(revalued, first.ms),
      mb(first.heapPeak),
      '',
    ],
    [
      '',
      `(a) this step, median of ${RUNS} warm runs`,
      revalued,
      secs(a.ms),
      rate(revalued, a.ms),
      mb(a.heapPeak),
      kb(aMemory),
    ],
    [
      '',
      '(a) with verification (reads every entity)',
      revalued,
      secs(verified.ms),
      rate(revalued, verified.ms),
      mb(verified.heapPeak),
      '',
    ],
    [
      '',
      `(b) full scan, same batch size, fastest of ${FULL_RUNS}`,
      b.value,
      secs(b.ms),
      rate(b.value, b.ms),
      mb(b.heapPeak),
      kb(bMemory),
    ],
    ['', '**ratio (b)/(a), warm**', '', `**${(b.ms / a.ms).toFixed(1)}×**`, '', '', ''],
    ['', '**ratio (b)/(a), first run**', '', `**${(b.ms / first.ms).toFixed(1)}×**`, '', '', ''],
  );
}

async function benchOldShape(ledger: Driver, rows: (string | number)[][]): Promise<void> {
  // The original shape multiplies rows, so only a tiny graph finishes.
  const tiny = generateGraph({
    seed: 7,
    credexes: 30,
    days: 3,
    flagged: 1,
    relsPerCredex: 0.3,
    anchorsPerCredex: 0.2,
    markedShare: 0,
  });
  const entities = tiny.credexes.length + tiny.rels.length + tiny.anchors.length;
  await clearGraph(ledger);
  await loadGraph(tiny, ledger);
  const old = await measured(ledger, async () => {
    const s = ledger.session();
    try {
      return (await s.run(OLD_SHAPE)).summary.counters.updates().propertiesSet;
    } finally {
      await s.close();
    }
  });
  await clearGraph(ledger);
  await loadGraph(tiny, ledger);
  const ours = await measured(ledger, step(ledger, false));
  rows.push(
    [
      `${tiny.credexes.length} credexes (${entities} entities), all flagged`,
      `(c) original shape: ${old.value.toLocaleString('en-US')} property writes for ${entities} entities`,
      entities,
      secs(old.ms),
      rate(entities, old.ms),
      mb(old.heapPeak),
      '',
    ],
    [
      '',
      '(a) this step (plans recompiled: the statistics changed)',
      revaluedBy(ours.value),
      secs(ours.ms),
      rate(entities, ours.ms),
      mb(ours.heapPeak),
      '',
    ],
  );
}

async function main(): Promise<void> {
  const external = Boolean(process.env.NEO4J_URI && process.env.NEO4J_PASSWORD);
  const servicesPath = '../test/services/services.mjs';
  const services = external ? undefined : ((await import(servicesPath)) as ServicesModule);
  const started = services ? (await services.startServices({ owner: 'cli' })).started : [];
  const env = external ? (process.env as Record<string, string>) : servicesEnv();
  // The test services are shared with the DCO tests: take turns with them.
  const release = external ? () => undefined : await acquireGraphLock();
  const ledger = neo4j.driver(env.NEO4J_URI!, neo4j.auth.basic(env.NEO4J_USER ?? 'neo4j', env.NEO4J_PASSWORD!));
  const rows: (string | number)[][] = [];
  const breakdowns: string[] = [];
  const load = (): string =>
    loadavg()
      .map((l) => l.toFixed(2))
      .join(', ');
  const loadBefore = load();
  try {
    for (const credexes of sizes) await benchSize(ledger, credexes, rows, breakdowns);
    await benchOldShape(ledger, rows);
    console.log('');
    console.log(
      `Machine: ${cpus().length} cores, load average (1, 5, 15 min) ${loadBefore} at the start, ${load()} at the end.`,
    );
    console.log('');
    console.log(
      markdownTable(
        ['Graph', 'Run', 'Entities', 'Seconds', 'Entities/s', 'Server heap peak', 'Largest statement memory'],
        rows,
        ['left', 'left', 'right', 'right', 'right', 'right', 'right'],
      ),
    );
    console.log(
      'Heap: the JVM running the Neo4j server(s), peak of samples every 250 ms; garbage collection makes it noisy.',
    );
    console.log(
      "Statement memory: Neo4j's own accounting (PROFILE, GlobalMemory) of the most any one statement held at once: for (a) the largest first batch of a category, for (b) the largest category's full-scan statement.",
    );
    for (const breakdown of breakdowns) console.log(`\n${breakdown}`);
    await clearGraph(ledger);
  } finally {
    await ledger.close();
    release();
    if (services && started.length > 0) await services.stopServices();
  }
}

await main();

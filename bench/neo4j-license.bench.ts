// neo4j-license-check's read-only probe against the two live Neo4j Community servers of the test services: an
// inventory of N instances (alternating between the servers, as if each environment had many) checked at
// concurrency 1, 4 and N. Prints the median wall time per run and per instance, and the peak RSS of this process.
// Median of R runs after one warm-up. Needs `npm run services:start`.
// Usage (through bench/run.mjs): npm run bench -- neo4j-license [-- --runs 5 --instances 12]
import { markdownTable } from '@credex/reports';
import { DEFAULT_LIMITS, runLicenseCheck, type CheckPlan } from '@credex/neo4j-license';
import { parseInventory, readCredentials } from '@credex/neo4j-fleet';
import { servicesEnv } from '../test/services/env';

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const value = i !== -1 ? Number.parseInt(process.argv[i + 1] ?? '', 10) : NaN;
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

const RUNS = option('runs', 5);
const INSTANCES = option('instances', 12);
const env = servicesEnv();

const lines = Array.from({ length: INSTANCES }, (_, i) => {
  const second = i % 2 === 1;
  const uri = second ? env.NEO4J2_URI : env.NEO4J_URI;
  return `      - { name: db${i}, uri: "${uri}", user-env: ${second ? 'U2' : 'U1'}, password-env: ${second ? 'P2' : 'P1'} }`;
});
const inventory = parseInventory(`environments:\n  development:\n    instances:\n${lines.join('\n')}\n`, 'bench');
const instances = inventory.environments.development!;
const credentials = readCredentials(instances, {
  U1: env.NEO4J_USER,
  P1: env.NEO4J_PASSWORD,
  U2: env.NEO4J2_USER,
  P2: env.NEO4J2_PASSWORD,
});

function plan(concurrency: number): CheckPlan {
  return {
    environments: ['development'],
    instances: inventory.environments,
    credentials,
    limits: { ...DEFAULT_LIMITS, instances: { ...DEFAULT_LIMITS.instances, development: INSTANCES } },
    mode: 'read-only',
    expiryWarningDays: 14,
    logLookbackMs: 0,
    concurrency,
    connectionTimeoutMs: 10_000,
  };
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);

const rows: (string | number)[][] = [];
for (const concurrency of [...new Set([1, 4, INSTANCES])]) {
  await runLicenseCheck(plan(concurrency));
  const times: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const started = performance.now();
    const report = await runLicenseCheck(plan(concurrency));
    times.push(performance.now() - started);
    if (report.results.some((x) => x.case === 'license' && !x.reason.startsWith('edition community'))) {
      throw new Error('an instance did not answer as Community: the figures would not mean anything');
    }
  }
  const m = median(times);
  rows.push([concurrency, Math.round(m), (m / INSTANCES).toFixed(1)]);
}
clearInterval(sampler);

process.stdout.write(
  `neo4j-license-check read-only probe, ${INSTANCES} instances on 2 live Neo4j 5.26 Community servers, median of ${RUNS} runs\n\n`,
);
process.stdout.write(markdownTable(['concurrency', 'wall ms', 'ms per instance'], rows, ['right', 'right', 'right']));
process.stdout.write(`\npeak RSS ${(peakRss / 1024 ** 2).toFixed(0)} MiB\n`);

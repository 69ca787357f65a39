// blue-green-deploy and rollback: bundle size and cold start of each committed bundle, next to the official
// aws-actions/amazon-ecs-deploy-task-definition (2.6 MB main bundle plus chunks, its published figure, used as a
// reference number only), and the AWS calls per minute the wait loop makes while a deployment is in progress.
//
// Cold start = spawning `node dist/<name>/index.js` with no inputs until it exits at input validation (exit 1, one
// ::error line): node start + bundle load + validation. Median of N runs after one warm-up.
// Calls per minute: deployService against aws-sdk-client-mock clients whose deployment never finishes, on a virtual
// clock (no real waiting), for 30 simulated minutes; the timeout then rolls it back.
// Reaction times (end noticed, trigger → rollback request) and settled calls per minute: bench/deploy-reaction.ts.
// Usage: npm run bench -- deploy [-- --runs 10]
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DEFAULT_POLL } from '@credex/ecs-deploy';
import { markdownTable } from '@credex/reports';
import { gzipTotal, reachable } from './bundle-files';
import { reactionTimes, simulate } from './deploy-reaction';

const root = resolve(import.meta.dirname, '..');
const OFFICIAL_MAIN_BYTES = 2.6 * 1024 * 1024;
const runsOption = process.argv.indexOf('--runs');
const runs = Math.max(1, Number(runsOption !== -1 ? process.argv[runsOption + 1] : 10) || 10);

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(2)} MB`;
}

function coldStart(bundle: string, scratch: string): Promise<{ ms: number; code: number | null; stdout: string }> {
  for (const file of ['output', 'state', 'env', 'summary']) writeFileSync(join(scratch, file), '');
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!k.startsWith('INPUT_') && !k.startsWith('GITHUB_') && !k.startsWith('RUNNER_')) env[k] = v;
  }
  Object.assign(env, {
    NODE_OPTIONS: '',
    GITHUB_ACTIONS: 'true',
    GITHUB_OUTPUT: join(scratch, 'output'),
    GITHUB_STATE: join(scratch, 'state'),
    GITHUB_ENV: join(scratch, 'env'),
    GITHUB_STEP_SUMMARY: join(scratch, 'summary'),
    AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
    AWS_REGION: 'af-south-1',
  });
  return new Promise((done, fail) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, [bundle], { env, stdio: ['ignore', 'pipe', 'ignore'] });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.on('error', fail);
    child.on('exit', (code) => done({ ms: Number(process.hrtime.bigint() - started) / 1e6, code, stdout }));
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function bundles(): Promise<void> {
  const scratch = mkdtempSync(join(tmpdir(), 'bench-deploy-'));
  const rows: string[][] = [];
  try {
    for (const name of ['blue-green-deploy', 'rollback']) {
      const file = join(root, 'dist', name, 'index.js');
      // The entry with every chunk it loads, at start or later (the bundles share chunks).
      const files = reachable(file, true);
      const bytes = [...files].reduce((n, f) => n + statSync(f).size, 0);
      const gzip = gzipTotal(files);
      await coldStart(file, scratch);
      const times: number[] = [];
      let ended = '';
      for (let i = 0; i < runs; i++) {
        const run = await coldStart(file, scratch);
        times.push(run.ms);
        ended = `exit ${run.code}${/::error::/.test(run.stdout) ? ', input error' : ''}`;
      }
      rows.push([
        name,
        mb(bytes),
        mb(gzip),
        `${(bytes / OFFICIAL_MAIN_BYTES).toFixed(2)}×`,
        `${median(times).toFixed(0)} ms`,
        ended,
      ]);
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  rows.push(['official amazon-ecs-deploy-task-definition (reference)', '2.60 MB + chunks', '—', '1.00×', '—', '—']);
  console.log(`\n## deploy bundles (cold start: median of ${runs})\n`);
  console.log(markdownTable(['bundle', 'size', 'gzip', 'vs official main', 'cold start', 'ended by'], rows));
}

// ---- calls per minute while waiting ----

/** A deployment that never finishes, followed for 30 simulated minutes (the timeout then rolls it back). */
async function callsPerMinute(strategy: 'codedeploy' | 'native' | 'rolling', withTriggers: boolean) {
  const run = await simulate({
    strategy,
    watch: { alarms: withTriggers, errorRate: withTriggers, unhealthyTargets: false },
    poll: DEFAULT_POLL,
  });
  const waiting = run.calls.filter((t) => t - run.startedAt < 30 * 60_000);
  const minute = (from: number) =>
    waiting.filter((t) => t - run.startedAt >= from * 60_000 && t - run.startedAt < (from + 1) * 60_000).length;
  return { first: minute(0), steady: minute(20), average: waiting.length / 30 };
}

async function poller(): Promise<void> {
  const rows: string[][] = [];
  for (const kind of ['codedeploy', 'native', 'rolling'] as const) {
    for (const withTriggers of [false, true]) {
      const r = await callsPerMinute(kind, withTriggers);
      rows.push([
        kind,
        withTriggers ? 'alarm + error rate' : 'none',
        String(r.first),
        String(r.steady),
        r.average.toFixed(1),
      ]);
    }
  }
  console.log('\n## AWS calls per minute while a deployment is in progress (30 simulated minutes)\n');
  console.log(markdownTable(['strategy', 'triggers', 'first minute', 'minute 20', 'average / min'], rows));
}

await bundles();
await poller();
await reactionTimes();

// For each committed bundle dist/<name>/index.js: its size (bytes and gzip) and its cold start.
//
// Cold start = from spawning `node dist/<name>/index.js` to that process's exit, with the inputs that action.yml marks
// required left empty, so the action stops at input validation (one ::error line, exit 1) before any side effect:
// node start → bundle load → inputs validated → exit. The "ended by" column shows whether that is what happened.
// `node -e 0` is measured the same way as the floor that node's own start-up sets. Median of N runs after one warm-up.
// Usage (through bench/run.mjs): npm run bench -- bundles [-- --runs 10 --dist DIR --actions DIR]
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { parse } from 'yaml';
import { markdownTable } from '@credex/reports';

const root = resolve(import.meta.dirname, '..');

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i !== -1 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

const runs = Math.max(1, Number.parseInt(option('runs', '10'), 10) || 10);
const distDir = resolve(option('dist', join(root, 'dist')));
const actionsDir = resolve(option('actions', join(root, 'actions')));
const RUN_TIMEOUT_MS = 15_000;

interface Metadata {
  inputs?: Record<string, { required?: boolean | string }>;
}

interface Run {
  ms: number;
  code: number | null;
  stdout: string;
}

function requiredInputs(name: string): string[] | undefined {
  const file = ['action.yml', 'action.yaml'].map((f) => join(actionsDir, name, f)).find((f) => existsSync(f));
  if (!file) return undefined;
  const metadata = (parse(readFileSync(file, 'utf8')) ?? {}) as Metadata;
  return Object.entries(metadata.inputs ?? {})
    .filter(([, spec]) => spec?.required === true || spec?.required === 'true')
    .map(([input]) => input);
}

/** A runner-like environment with no INPUT_* at all and file commands in a scratch folder. */
function stepEnv(scratch: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith('INPUT_') && !key.startsWith('GITHUB_') && !key.startsWith('RUNNER_')) env[key] = value;
  }
  for (const file of ['output', 'state', 'env', 'summary']) writeFileSync(join(scratch, file), '');
  return {
    ...env,
    NODE_OPTIONS: '',
    GITHUB_ACTIONS: 'true',
    GITHUB_OUTPUT: join(scratch, 'output'),
    GITHUB_STATE: join(scratch, 'state'),
    GITHUB_ENV: join(scratch, 'env'),
    GITHUB_STEP_SUMMARY: join(scratch, 'summary'),
    GITHUB_WORKSPACE: scratch,
    RUNNER_TEMP: scratch,
    // If a bundle did get past validation, keep it on this machine: nothing listens on port 9.
    AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
    AWS_REGION: 'af-south-1',
  };
}

function timeOnce(args: string[], env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((done, fail) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.resume();
    const timer = setTimeout(() => child.kill('SIGKILL'), RUN_TIMEOUT_MS);
    child.on('error', fail);
    child.on('exit', (code) => {
      clearTimeout(timer);
      done({ ms: Number(process.hrtime.bigint() - started) / 1e6, code, stdout });
    });
  });
}

async function measure(args: string[], env: NodeJS.ProcessEnv): Promise<{ runs: Run[]; median: number }> {
  await timeOnce(args, env); // warm-up: file system cache, not counted
  const results: Run[] = [];
  for (let i = 0; i < runs; i++) results.push(await timeOnce(args, env));
  const sorted = results.map((r) => r.ms).sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { runs: results, median };
}

function endedBy(run: Run, required: string[] | undefined): string {
  if (run.code === null) return `killed after ${RUN_TIMEOUT_MS / 1000} s`;
  const error = run.stdout.split('\n').find((line) => line.startsWith('::error'));
  const namesInput = error && /input/i.test(error);
  if (run.code === 1 && namesInput) return 'input validation (exit 1)';
  if (required?.length === 0) return `exit ${run.code} (no required inputs: ran further)`;
  return `exit ${run.code}${error ? ': other error' : ''}`;
}

const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KiB`;
const ms = (value: number): string => `${value.toFixed(0)} ms`;

const bundles = existsSync(distDir)
  ? readdirSync(distDir, { withFileTypes: true })
      .filter((d) => d.isDirectory() && existsSync(join(distDir, d.name, 'index.js')))
      .map((d) => d.name)
      .sort()
  : [];

console.log(`bundles: ${bundles.length} in ${distDir}; cold start = median of ${runs} runs (node ${process.version})`);
console.log('cold start: spawn `node <bundle>` → exit, required inputs left empty so it stops at input validation');
if (bundles.length === 0) {
  console.log('bundles: nothing to measure (run `npm run build` first)');
} else {
  const scratch = mkdtempSync(join(tmpdir(), 'bench-bundles-'));
  try {
    const env = stepEnv(scratch);
    const floor = await measure(['-e', '0'], env);
    const rows: (string | number)[][] = [];
    for (const name of bundles) {
      const file = join(distDir, name, 'index.js');
      const bytes = statSync(file).size;
      const gzip = gzipSync(readFileSync(file)).length;
      const required = requiredInputs(name);
      const { runs: measured, median } = await measure([file], env);
      const min = Math.min(...measured.map((r) => r.ms));
      const max = Math.max(...measured.map((r) => r.ms));
      rows.push([
        name,
        kb(bytes),
        kb(gzip),
        ms(median),
        `${ms(min)}–${ms(max)}`,
        ms(Math.max(0, median - floor.median)),
        endedBy(measured[measured.length - 1]!, required),
      ]);
    }
    console.log('');
    console.log(
      markdownTable(
        ['action', 'bundle', 'gzip', 'cold start (median)', 'min–max', 'over `node -e 0`', 'ended by'],
        rows,
        ['left', 'right', 'right', 'right', 'right', 'right', 'left'],
      ),
    );
    console.log(`node -e 0 (floor): median ${ms(floor.median)}`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

// What `uses:` downloads and how fast each action starts, with the goals of issue 16 beside the figures:
//
//  - release tarball: `git archive --format=tar.gz HEAD` (what the runner fetches for `uses:`), goal ≤ 1.5 MB;
//  - per action: what its entry loads at start (dist/<name>/index.js and the chunks it imports statically) and with
//    its lazily loaded parts; its cold start to input validation, goal ≤ 2× the `node -e 0` floor. Cold start = spawn
//    `node dist/<name>/index.js` → exit, with action.yml's defaults as INPUT_* and the required inputs left empty, so
//    it stops at input validation (one ::error line, exit 1) before any side effect. Runs are interleaved in rounds
//    (floor, then each action) and the ratio is taken within a round, so a busy machine slows both sides alike;
//  - blue-green-deploy's start to its first AWS connection next to the official
//    aws-actions/amazon-ecs-deploy-task-definition (v2.6.3), goal ≤ the official's: both get the same task definition
//    file, cluster and service, and AWS_ENDPOINT_URL points at a loopback TCP server that notes the first connection
//    and ends the run. The official action is not in this repository: extract the tag into a folder outside it
//    (`git archive v2.6.3 | tar -x -C DIR`) and set ECS_DEPLOY_OFFICIAL_DIR=DIR (the folder or its dist/).
//
// Usage (through bench/run.mjs): npm run bench -- bundles [-- --runs 15 --dist DIR --actions DIR]
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { parse } from 'yaml';
import { markdownTable } from '@credex/reports';
import { gzipTotal, reachable } from './bundle-files';

const root = resolve(import.meta.dirname, '..');

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i !== -1 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

const rounds = Math.max(1, Number.parseInt(option('runs', '15'), 10) || 15);
const distDir = resolve(option('dist', join(root, 'dist')));
const actionsDir = resolve(option('actions', join(root, 'actions')));
const RUN_TIMEOUT_MS = 15_000;
const GOALS = { tarballBytes: 1.5e6, coldStartRatio: 2 };
const OFFICIAL_ENV = 'ECS_DEPLOY_OFFICIAL_DIR';

interface Metadata {
  inputs?: Record<string, { required?: boolean | string; default?: string | number | boolean }>;
}

interface Run {
  ms: number;
  code: number | null;
  stdout: string;
}

const kb = (bytes: number): string => `${(bytes / 1024).toFixed(0)} KiB`;
const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(2)} MB`;
const ms = (value: number): string => `${value.toFixed(0)} ms`;
const met = (ok: boolean): string => (ok ? '✅ met' : '❌ not met');

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function metadataOf(dir: string): Metadata | undefined {
  const file = ['action.yml', 'action.yaml'].map((f) => join(dir, f)).find((f) => existsSync(f));
  return file ? ((parse(readFileSync(file, 'utf8')) ?? {}) as Metadata) : undefined;
}

/** INPUT_* for action.yml's defaults, as the runner sets them. */
function defaultInputs(metadata: Metadata | undefined): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, spec] of Object.entries(metadata?.inputs ?? {})) {
    if (spec?.default !== undefined) env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = String(spec.default);
  }
  return env;
}

/** A runner-like environment: no INPUT_, GITHUB_, RUNNER_ or STATE_ variables from this shell; file commands in a scratch folder. */
function stepEnv(scratch: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^(INPUT|GITHUB|RUNNER|STATE)_/.test(key)) env[key] = value;
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
    ...extra,
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

function endedBy(run: Run): string {
  if (run.code === null) return `killed after ${RUN_TIMEOUT_MS / 1000} s`;
  const error = run.stdout.split('\n').find((line) => line.startsWith('::error'));
  if (run.code === 1 && error && /input/i.test(error)) return 'input validation (exit 1)';
  return `exit ${run.code}${error ? `: ${error.slice(0, 80)}` : ''}`;
}

// ---- the release tarball ----

function tarball(): { bytes: number; distBytes: number; distGzip: number } | undefined {
  try {
    const bytes = execFileSync('git', ['archive', '--format=tar.gz', 'HEAD'], {
      cwd: root,
      maxBuffer: 512 * 1024 * 1024,
    }).length;
    const files = (function walk(dir: string): string[] {
      return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
        d.isDirectory() ? walk(join(dir, d.name)) : [join(dir, d.name)],
      );
    })(distDir);
    return {
      bytes,
      distBytes: files.reduce((n, f) => n + statSync(f).size, 0),
      distGzip: gzipTotal(files),
    };
  } catch (error) {
    console.log(`tarball: git archive failed (${(error as Error).message.split('\n')[0]})`);
    return undefined;
  }
}

// ---- start to the first AWS connection ----

const TASK_DEFINITION = {
  family: 'credex-core-staging',
  networkMode: 'awsvpc',
  requiresCompatibilities: ['FARGATE'],
  cpu: '256',
  memory: '512',
  containerDefinitions: [{ name: 'credex-core', image: 'credex-core:bench', essential: true }],
};

/** Spawns the bundle and resolves when the loopback "AWS endpoint" gets its first connection (or the run ends). */
async function firstConnection(bundle: string, env: NodeJS.ProcessEnv, port: { wait: () => Promise<number> }) {
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, [bundle], { env, stdio: ['ignore', 'pipe', 'ignore'] });
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const exited = new Promise<number>((done) => child.on('exit', () => done(-1)));
  const timeout = new Promise<number>((done) => setTimeout(() => done(-2), RUN_TIMEOUT_MS).unref());
  const at = await Promise.race([port.wait(), exited, timeout]);
  const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
  child.kill('SIGKILL');
  await exited;
  if (at < 0)
    return { ms: undefined, note: at === -2 ? 'no connection (timed out)' : endedBy({ ms: 0, code: 1, stdout }) };
  return { ms: elapsed, note: 'connected' };
}

function officialBundle(): string | undefined {
  const dir = process.env[OFFICIAL_ENV];
  if (!dir) return undefined;
  return [join(dir, 'dist', 'index.js'), join(dir, 'index.js')].find((f) => existsSync(f));
}

async function connectionRace(scratch: string): Promise<void> {
  console.log('\n## blue-green-deploy: start to the first AWS connection, next to the official action\n');
  const ours = join(distDir, 'blue-green-deploy', 'index.js');
  if (!existsSync(ours)) {
    console.log(`no ${relative(root, ours) || ours}: nothing to compare`);
    return;
  }
  const official = officialBundle();
  if (!process.env[OFFICIAL_ENV]) {
    console.log(
      `${OFFICIAL_ENV} is not set, so only our side is measured. Extract the official action's v2.6.3 tag outside ` +
        `this repository (git -C <clone> archive v2.6.3 | tar -x -C DIR) and set ${OFFICIAL_ENV}=DIR.`,
    );
  } else if (!official) {
    console.log(`${OFFICIAL_ENV}=${process.env[OFFICIAL_ENV]} holds no dist/index.js: only our side is measured.`);
  }
  const taskDefinition = join(scratch, 'task-definition.json');
  writeFileSync(taskDefinition, JSON.stringify(TASK_DEFINITION));
  let waiting: ((at: number) => void) | undefined;
  const server = createServer((socket) => {
    waiting?.(Date.now());
    waiting = undefined;
    socket.destroy();
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const port = {
    wait: () => new Promise<number>((done) => (waiting = done)),
  };
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const inputs = {
    INPUT_CLUSTER: 'credex-cluster-staging',
    INPUT_SERVICE: 'credex-core-service-staging',
    'INPUT_TASK-DEFINITION': taskDefinition,
  };
  const credentials = {
    AWS_ENDPOINT_URL: endpoint,
    AWS_ACCESS_KEY_ID: 'bench',
    AWS_SECRET_ACCESS_KEY: 'bench',
    AWS_REGION: 'af-south-1',
  };
  const sides = [
    { name: 'blue-green-deploy (ours)', bundle: ours, metadata: metadataOf(join(actionsDir, 'blue-green-deploy')) },
    ...(official
      ? [
          {
            name: 'amazon-ecs-deploy-task-definition v2.6.3',
            bundle: official,
            metadata: metadataOf(dirname(dirname(official))) ?? metadataOf(dirname(official)),
          },
        ]
      : []),
  ];
  const times = new Map<string, number[]>(sides.map((s) => [s.name, []]));
  const notes = new Map<string, string>();
  try {
    for (let round = -1; round < rounds; round++) {
      for (const side of sides) {
        const env = stepEnv(scratch, { ...defaultInputs(side.metadata), ...inputs, ...credentials });
        const run = await firstConnection(side.bundle, env, port);
        notes.set(side.name, run.note);
        if (round >= 0 && run.ms !== undefined) times.get(side.name)!.push(run.ms);
      }
    }
  } finally {
    server.close();
  }
  const medians = new Map([...times].map(([name, list]) => [name, list.length ? median(list) : undefined]));
  const theirs = official ? medians.get(sides[1]!.name) : undefined;
  const rows = sides.map((side, i) => {
    const value = medians.get(side.name);
    const goal =
      i === 0
        ? theirs === undefined || value === undefined
          ? '≤ official (not measured)'
          : `≤ ${ms(theirs)} ${met(value <= theirs)}`
        : '—';
    return [
      side.name,
      value === undefined ? '—' : ms(value),
      `${times.get(side.name)!.length}/${rounds}`,
      notes.get(side.name) ?? '',
      goal,
    ];
  });
  console.log(
    markdownTable(['bundle', 'start → first connection (median)', 'runs connected', 'ended by', 'goal'], rows),
  );
}

// ---- main ----

const bundles = existsSync(distDir)
  ? readdirSync(distDir, { withFileTypes: true })
      .filter((d) => d.isDirectory() && existsSync(join(distDir, d.name, 'index.js')))
      .map((d) => d.name)
      .sort()
  : [];

console.log(`bundles: ${bundles.length} actions in ${relative(root, distDir) || distDir} (node ${process.version})`);
const archive = tarball();
if (archive) {
  console.log('');
  console.log(
    markdownTable(
      ['what `uses:` downloads', 'size', 'goal'],
      [
        [
          'release tarball (git archive --format=tar.gz HEAD)',
          mb(archive.bytes),
          `≤ ${mb(GOALS.tarballBytes)} ${met(archive.bytes <= GOALS.tarballBytes)}`,
        ],
        ['dist/ (working tree): bytes / gzip', `${mb(archive.distBytes)} / ${mb(archive.distGzip)}`, ''],
      ],
      ['left', 'right', 'left'],
    ),
  );
}

if (bundles.length === 0) {
  console.log('bundles: nothing to measure (run `npm run build` first)');
} else {
  const scratch = mkdtempSync(join(tmpdir(), 'bench-bundles-'));
  try {
    const targets = [
      { name: 'floor', args: ['-e', '0'], env: stepEnv(scratch) },
      ...bundles.map((name) => ({
        name,
        args: [join(distDir, name, 'index.js')],
        env: stepEnv(scratch, defaultInputs(metadataOf(join(actionsDir, name)))),
      })),
    ];
    const times = new Map(targets.map((t) => [t.name, [] as number[]]));
    const ratios = new Map(targets.map((t) => [t.name, [] as number[]]));
    const last = new Map<string, Run>();
    for (let round = -1; round < rounds; round++) {
      let floor = 0;
      for (const target of targets) {
        const run = await timeOnce(target.args, target.env);
        last.set(target.name, run);
        if (round < 0) continue; // warm-up round: file system cache, not counted
        if (target.name === 'floor') floor = run.ms;
        times.get(target.name)!.push(run.ms);
        ratios.get(target.name)!.push(run.ms / floor);
      }
    }
    const floorMedian = median(times.get('floor')!);
    const rows = bundles.map((name) => {
      const entry = join(distDir, name, 'index.js');
      const atStart = reachable(entry, false);
      const all = reachable(entry, true);
      const ratio = median(ratios.get(name)!);
      return [
        name,
        `${atStart.size} files, ${kb(gzipTotal(atStart))}`,
        `${all.size} files, ${kb(gzipTotal(all))}`,
        ms(median(times.get(name)!)),
        `${ratio.toFixed(2)}×`,
        `≤ ${GOALS.coldStartRatio}× ${met(ratio <= GOALS.coldStartRatio)}`,
        endedBy(last.get(name)!),
      ];
    });
    console.log(`\n## cold start to input validation (${rounds} interleaved rounds after a warm-up)\n`);
    console.log(
      markdownTable(
        [
          'action',
          'loaded at start (gzip)',
          'with lazy parts (gzip)',
          'cold start (median)',
          '× node -e 0 (median of rounds)',
          'goal',
          'ended by',
        ],
        rows,
        ['left', 'right', 'right', 'right', 'right', 'left', 'left'],
      ),
    );
    console.log(`node -e 0 (floor): median ${ms(floorMedian)}`);
    await connectionRace(scratch);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseCommandLine, parseFileCommand, type WorkflowCommand } from '../../../test/harness/workflow-commands';

/**
 * Bundles test/fixtures/kit-action with esbuild into a temporary folder and runs it in a child node process the way the
 * runner does (INPUT_* variables, GITHUB_OUTPUT/STEP_SUMMARY/STATE files, then the post step with STATE_* variables).
 */

const REPO_ROOT = resolve(import.meta.dirname, '..', '..', '..');
const FIXTURE_ENTRY = join(REPO_ROOT, 'test', 'fixtures', 'kit-action', 'src', 'index.ts');

export function bundleFixture(): { script: string; cleanup: () => void } {
  const out = mkdtempSync(join(tmpdir(), 'kit-fixture-'));
  // The bundler and output format of scripts/build.mjs (ES module, CommonJS packages given a require). Transpile
  // only: the project's type-check runs separately (tsc), and must not make this bundle depend on unrelated files
  // being type-correct at the moment.
  execFileSync(
    join(REPO_ROOT, 'node_modules', '.bin', 'esbuild'),
    [
      FIXTURE_ENTRY,
      '--bundle',
      '--platform=node',
      '--format=esm',
      '--target=node20',
      '--main-fields=module,main',
      `--tsconfig=${join(REPO_ROOT, 'tsconfig.json')}`,
      "--banner:js=import{createRequire as __credexRequire}from'node:module';const require=__credexRequire(import.meta.url);",
      `--outfile=${join(out, 'index.js')}`,
      '--log-level=error',
    ],
    { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_OPTIONS: '' } },
  );
  writeFileSync(join(out, 'package.json'), '{ "type": "module" }\n');
  return { script: join(out, 'index.js'), cleanup: () => rmSync(out, { recursive: true, force: true }) };
}

export interface FixtureRun {
  exitCode: number | null;
  rawStdout: string;
  /** stdout without workflow command lines */
  log: string;
  stderr: string;
  commands: WorkflowCommand[];
  errors: string[];
  warnings: string[];
  masks: string[];
  outputs: Record<string, string>;
  summary: string;
  state: Record<string, string>;
  durationMs: number;
  post?: { exitCode: number | null; log: string; rawStdout: string; stderr: string };
}

export interface RunFixtureOptions {
  /** Send this signal once stdout contains `when`. */
  signal?: { name: NodeJS.Signals; when: string };
  runPost?: boolean;
}

const DEFAULTS: Record<string, string> = { mode: 'ok', count: '1', timeout: '30s' };

function runStep(
  script: string,
  env: Record<string, string>,
  signal: RunFixtureOptions['signal'],
): Promise<{ exitCode: number | null; rawStdout: string; stderr: string; durationMs: number }> {
  return new Promise((resolvePromise, reject) => {
    const started = Date.now();
    const child = spawn(process.execPath, [script], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let rawStdout = '';
    let stderr = '';
    let sent = false;
    const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      rawStdout += chunk;
      if (signal && !sent && rawStdout.includes(signal.when)) {
        sent = true;
        child.kill(signal.name);
      }
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (exitCode) => {
      clearTimeout(killer);
      resolvePromise({ exitCode, rawStdout, stderr, durationMs: Date.now() - started });
    });
  });
}

function splitLog(rawStdout: string): { log: string; commands: WorkflowCommand[] } {
  const commands: WorkflowCommand[] = [];
  const lines: string[] = [];
  for (const line of rawStdout.split('\n')) {
    const command = parseCommandLine(line);
    if (command) commands.push(command);
    else lines.push(line);
  }
  return { log: lines.join('\n'), commands };
}

export async function runFixture(
  script: string,
  inputs: Record<string, string>,
  options: RunFixtureOptions = {},
): Promise<FixtureRun> {
  const temp = mkdtempSync(join(tmpdir(), 'kit-fixture-run-'));
  try {
    const files = { output: join(temp, 'output'), summary: join(temp, 'summary'), state: join(temp, 'state') };
    for (const file of Object.values(files)) writeFileSync(file, '');
    const env: Record<string, string> = {};
    for (const [key, value] of Object.entries(process.env)) {
      if (value !== undefined && !/^(INPUT_|STATE_|GITHUB_|RUNNER_)/.test(key)) env[key] = value;
    }
    Object.assign(env, {
      GITHUB_ACTIONS: 'true',
      GITHUB_OUTPUT: files.output,
      GITHUB_STEP_SUMMARY: files.summary,
      GITHUB_STATE: files.state,
      RUNNER_TEMP: temp,
    });
    for (const [name, value] of Object.entries({ ...DEFAULTS, ...inputs })) {
      env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value;
    }

    const main = await runStep(script, env, options.signal);
    const { log, commands } = splitLog(main.rawStdout);
    const state = parseFileCommand(readFileSync(files.state, 'utf8'));
    let post: FixtureRun['post'];
    if (options.runPost) {
      const stateEnv = Object.fromEntries(Object.entries(state).map(([k, v]) => [`STATE_${k}`, v]));
      const step = await runStep(script, { ...env, ...stateEnv }, undefined);
      post = {
        exitCode: step.exitCode,
        log: splitLog(step.rawStdout).log,
        rawStdout: step.rawStdout,
        stderr: step.stderr,
      };
    }
    return {
      exitCode: main.exitCode,
      rawStdout: main.rawStdout,
      log,
      stderr: main.stderr,
      commands,
      errors: commands.filter((c) => c.command === 'error').map((c) => c.message),
      warnings: commands.filter((c) => c.command === 'warning').map((c) => c.message),
      masks: commands.filter((c) => c.command === 'add-mask').map((c) => c.message),
      outputs: parseFileCommand(readFileSync(files.output, 'utf8')),
      summary: readFileSync(files.summary, 'utf8'),
      state,
      durationMs: main.durationMs,
      post,
    };
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}

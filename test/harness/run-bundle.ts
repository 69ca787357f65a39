import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { parseCommandLine, parseFileCommand, type WorkflowCommand } from './workflow-commands';

/**
 * Runs an action's committed bundle the way the GitHub runner does: a child `node` process with INPUT_* variables
 * (defaults from action.yml applied), file commands in temporary files, then the `post` entry with the saved state.
 */

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

interface ActionMetadata {
  inputs?: Record<string, { default?: string; required?: boolean }>;
  runs: { using: string; main: string; post?: string; 'post-if'?: string };
}

export interface RunOptions {
  inputs?: Record<string, string | number | boolean | undefined>;
  env?: Record<string, string | undefined>;
  /** Send SIGINT after this many milliseconds (the runner's cancel). */
  cancelAfterMs?: number;
  /** Send SIGINT as soon as stdout contains this text. */
  cancelWhenStdout?: string | RegExp;
  /** Send SIGKILL as soon as stdout contains this text (the process dies without cleanup). */
  killWhenStdout?: string | RegExp;
  /** Kill the step (SIGKILL) after this long; the result then has timedOut = true. */
  timeoutMs?: number;
  /** Run the post step when the action has one (default true). */
  runPost?: boolean;
  workspace?: string;
}

export interface StepResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  /** stdout with workflow commands removed (what a person reads in the log, minus masking). */
  log: string;
  rawStdout: string;
  stderr: string;
  commands: WorkflowCommand[];
  annotations: { level: 'error' | 'warning' | 'notice'; message: string; properties: Record<string, string> }[];
  masks: string[];
  durationMs: number;
}

export interface ActionResult extends StepResult {
  outputs: Record<string, string>;
  summary: string;
  state: Record<string, string>;
  env: Record<string, string>;
  post?: StepResult;
  cancelled: boolean;
  files: { output: string; summary: string; state: string; env: string; temp: string; workspace: string };
}

/**
 * The node binary that runs the bundles: E2E_NODE when set (the e2e-node24 project sets Node 24, the runtime that
 * action.yml declares), else the node running the tests.
 */
export function bundleNode(): string {
  return process.env.E2E_NODE || process.execPath;
}

export function readActionMetadata(action: string): ActionMetadata {
  return parseYaml(readFileSync(join(REPO_ROOT, 'actions', action, 'action.yml'), 'utf8')) as ActionMetadata;
}

function inputEnv(metadata: ActionMetadata, inputs: RunOptions['inputs']): Record<string, string> {
  const env: Record<string, string> = {};
  const key = (name: string): string => `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
  for (const [name, spec] of Object.entries(metadata.inputs ?? {})) {
    if (spec.default !== undefined) env[key(name)] = String(spec.default);
  }
  for (const [name, value] of Object.entries(inputs ?? {})) {
    if (value !== undefined) env[key(name)] = String(value);
  }
  return env;
}

function runStep(
  script: string,
  env: Record<string, string>,
  options: RunOptions,
  cwd: string,
): Promise<StepResult & { cancelled: boolean }> {
  return new Promise((resolvePromise, reject) => {
    const started = Date.now();
    const child = spawn(bundleNode(), [script], { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let rawStdout = '';
    let stderr = '';
    let cancelled = false;
    let timedOut = false;
    const timers: NodeJS.Timeout[] = [];
    const cancel = (): void => {
      if (!cancelled && child.exitCode === null) {
        cancelled = true;
        child.kill('SIGINT');
      }
    };
    const matches = (pattern: string | RegExp): boolean =>
      typeof pattern === 'string' ? rawStdout.includes(pattern) : pattern.test(rawStdout);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      rawStdout += chunk;
      if (options.cancelWhenStdout && matches(options.cancelWhenStdout)) cancel();
      if (options.killWhenStdout && matches(options.killWhenStdout) && child.exitCode === null) child.kill('SIGKILL');
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    if (options.cancelAfterMs !== undefined) timers.push(setTimeout(cancel, options.cancelAfterMs));
    timers.push(
      setTimeout(() => {
        timedOut = true;
        child.kill('SIGKILL');
      }, options.timeoutMs ?? 120_000),
    );
    child.on('error', reject);
    child.on('close', (exitCode, signal) => {
      timers.forEach(clearTimeout);
      const commands: WorkflowCommand[] = [];
      const logLines: string[] = [];
      for (const line of rawStdout.split('\n')) {
        const command = parseCommandLine(line);
        if (command) commands.push(command);
        else logLines.push(line);
      }
      resolvePromise({
        exitCode,
        signal,
        timedOut,
        cancelled,
        log: logLines.join('\n'),
        rawStdout,
        stderr,
        commands,
        annotations: commands
          .filter((c) => c.command === 'error' || c.command === 'warning' || c.command === 'notice')
          .map((c) => ({
            level: c.command as 'error' | 'warning' | 'notice',
            message: c.message,
            properties: c.properties,
          })),
        masks: commands.filter((c) => c.command === 'add-mask').map((c) => c.message),
        durationMs: Date.now() - started,
      });
    });
  });
}

function postShouldRun(condition: string, main: { exitCode: number | null; cancelled: boolean }): boolean {
  const expression = condition.replace(/\s/g, '');
  if (expression === 'always()' || expression === '') return true;
  if (expression === 'success()') return main.exitCode === 0 && !main.cancelled;
  if (expression === 'failure()') return main.exitCode !== 0 && !main.cancelled;
  if (expression === 'cancelled()') return main.cancelled;
  if (expression === 'cancelled()||failure()' || expression === 'failure()||cancelled()') {
    return main.cancelled || main.exitCode !== 0;
  }
  throw new Error(`harness: unsupported post-if expression '${condition}'`);
}

export async function runAction(action: string, options: RunOptions = {}): Promise<ActionResult> {
  const metadata = readActionMetadata(action);
  if (metadata.runs.using !== 'node24') throw new Error(`harness: ${action} runs.using is ${metadata.runs.using}`);
  const actionDir = join(REPO_ROOT, 'actions', action);
  const temp = mkdtempSync(join(tmpdir(), `harness-${action}-`));
  const files = {
    output: join(temp, 'output'),
    summary: join(temp, 'summary.md'),
    state: join(temp, 'state'),
    env: join(temp, 'env'),
    temp,
    workspace: options.workspace ?? REPO_ROOT,
  };
  for (const f of [files.output, files.summary, files.state, files.env]) writeFileSync(f, '');

  const baseEnv: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v !== undefined && !k.startsWith('INPUT_') && !k.startsWith('GITHUB_') && !k.startsWith('RUNNER_')) {
      baseEnv[k] = v;
    }
  }
  const env: Record<string, string> = {
    ...baseEnv,
    GITHUB_ACTIONS: 'true',
    CI: 'true',
    GITHUB_OUTPUT: files.output,
    GITHUB_STEP_SUMMARY: files.summary,
    GITHUB_STATE: files.state,
    GITHUB_ENV: files.env,
    GITHUB_WORKSPACE: files.workspace,
    GITHUB_REPOSITORY: 'credex/credex-core',
    GITHUB_RUN_ID: '1',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_JOB: 'harness',
    GITHUB_ACTION_PATH: actionDir,
    RUNNER_TEMP: temp,
    ...inputEnv(metadata, options.inputs),
  };
  for (const [k, v] of Object.entries(options.env ?? {})) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }

  const main = await runStep(resolve(actionDir, metadata.runs.main), env, options, files.workspace);
  const state = parseFileCommand(readFileSync(files.state, 'utf8'));
  let post: StepResult | undefined;
  if (metadata.runs.post && options.runPost !== false && postShouldRun(metadata.runs['post-if'] ?? 'always()', main)) {
    const stateEnv: Record<string, string> = {};
    for (const [k, v] of Object.entries(state)) stateEnv[`STATE_${k}`] = v;
    post = await runStep(
      resolve(actionDir, metadata.runs.post),
      { ...env, ...stateEnv },
      { ...options, cancelAfterMs: undefined, cancelWhenStdout: undefined, killWhenStdout: undefined },
      files.workspace,
    );
  }
  return {
    ...main,
    outputs: parseFileCommand(readFileSync(files.output, 'utf8')),
    summary: readFileSync(files.summary, 'utf8'),
    state,
    env: parseFileCommand(readFileSync(files.env, 'utf8')),
    post,
    files,
  };
}

/** Everything an action wrote where a person or the runner could read it, masks excluded. */
export function everythingVisible(result: ActionResult): string {
  const parts = [
    result.log,
    result.stderr,
    result.summary,
    JSON.stringify(result.outputs),
    JSON.stringify(result.annotations),
  ];
  if (result.post) parts.push(result.post.log, result.post.stderr, JSON.stringify(result.post.annotations));
  return parts.join('\n');
}

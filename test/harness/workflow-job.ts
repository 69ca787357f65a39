import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Evaluator, Lexer, Parser, data } from '@actions/expressions';
import type { FunctionDefinition } from '@actions/expressions/funcs/info';
import { truthy } from '@actions/expressions/result';
import { parse as parseYaml } from 'yaml';
import { REPO_ROOT, runAction, type ActionResult, type RunOptions } from './run-bundle';

/**
 * Runs one job of a workflow (a reusable workflow or a template) the way the runner would, as far as our actions are
 * concerned: job and step `if:` conditions, `env:` and `with:` values are evaluated with GitHub's own expression
 * library (@actions/expressions) against the contexts a test gives (inputs with the workflow_call defaults, secrets,
 * vars, github, needs) and the outputs of earlier steps; every step that `uses:` one of this repository's actions
 * runs its committed bundle through the runner-exact harness (run-bundle.ts) with exactly those values. Other steps
 * run through handlers the test supplies (checkout, configure-aws-credentials, ...) or are recorded as not run.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export interface Contexts {
  inputs?: Record<string, Json>;
  secrets?: Record<string, string>;
  vars?: Record<string, string>;
  github?: Record<string, Json>;
  needs?: Record<string, { result: string; outputs: Record<string, string> }>;
}

export interface WorkflowStep {
  id?: string;
  name?: string;
  if?: string;
  uses?: string;
  run?: string;
  with?: Record<string, Json>;
  env?: Record<string, Json>;
  'continue-on-error'?: boolean | string;
}

interface WorkflowJob {
  if?: string;
  'runs-on'?: Json;
  environment?: string;
  env?: Record<string, Json>;
  permissions?: Record<string, string>;
  steps?: WorkflowStep[];
  outputs?: Record<string, string>;
}

export interface Workflow {
  on?: { workflow_call?: { inputs?: Record<string, { default?: Json; type?: string; required?: boolean }> } };
  jobs: Record<string, WorkflowJob>;
}

export interface StepHandlerResult {
  outcome?: 'success' | 'failure';
  outputs?: Record<string, string>;
  /** Variables later steps of the job see (as `$GITHUB_ENV` would give them). */
  env?: Record<string, string>;
}

export interface StepRecord {
  id: string;
  label: string;
  uses?: string;
  ran: boolean;
  with: Record<string, string>;
  env: Record<string, string>;
  outcome: 'success' | 'failure' | 'skipped';
  outputs: Record<string, string>;
  action?: ActionResult;
}

export interface JobResult {
  result: 'success' | 'failure' | 'skipped';
  steps: StepRecord[];
  outputs: Record<string, string>;
  runsOn: Json;
  environment: string | undefined;
}

export interface JobOptions extends Contexts {
  /** Handlers for steps that are not our actions, by `uses:` prefix (e.g. `aws-actions/configure-aws-credentials@`). */
  handlers?: Record<string, (step: { with: Record<string, string>; env: Record<string, string> }) => StepHandlerResult>;
  /** Inputs added to one of our action steps by step id: what ci.yml adds to run scanners on recorded reports. */
  extraInputs?: Record<string, Record<string, string>>;
  /** Environment every bundle gets (the moto endpoint, credentials...). */
  actionEnv?: Record<string, string>;
  workspace?: string;
  timeoutMs?: number;
}

const OUR_ACTION = /^(?:Great-Sun-Group\/credex-actions\/actions\/|\.\/actions\/)([a-z0-9-]+)(?:@.+)?$/;

export function readWorkflow(path: string): Workflow {
  return parseYaml(readFileSync(join(REPO_ROOT, path), 'utf8')) as Workflow;
}

type Status = { failed: boolean; cancelled: boolean; workspace?: string };

function statusFunctions(status: Status): Map<string, FunctionDefinition> {
  // The evaluator looks functions up by lower-case name.
  const fn = (name: string, value: () => boolean): [string, FunctionDefinition] => [
    name.toLowerCase(),
    { name, minArgs: 0, maxArgs: 0, call: () => new data.BooleanData(value()) },
  ];
  // hashFiles: non-empty when the file exists in the workspace (what the workflows test it for).
  const hashFiles: [string, FunctionDefinition] = [
    'hashfiles',
    {
      name: 'hashFiles',
      minArgs: 1,
      maxArgs: 1,
      call: (path) =>
        new data.StringData(status.workspace && existsSync(join(status.workspace, path.coerceString())) ? 'hash' : ''),
    },
  ];
  return new Map([
    hashFiles,
    fn('success', () => !status.failed && !status.cancelled),
    fn('failure', () => status.failed),
    fn('always', () => true),
    fn('cancelled', () => status.cancelled),
  ]);
}

/** Evaluates one expression (without `${{ }}`) and returns the result as the library's data. */
export function evaluateExpression(expression: string, contexts: Record<string, unknown>, status?: Status) {
  const lexed = new Lexer(expression).lex();
  const functions = statusFunctions(status ?? { failed: false, cancelled: false });
  const parser = new Parser(
    lexed.tokens,
    Object.keys(contexts),
    [...functions.values()].map(({ name, minArgs, maxArgs }) => ({ name, minArgs, maxArgs })),
  );
  const dictionary = JSON.parse(JSON.stringify(contexts), data.reviver) as data.Dictionary;
  return new Evaluator(parser.parse(), dictionary, functions).evaluate();
}

/** A YAML value with `${{ ... }}` templates replaced, as the runner hands it over (always a string). */
export function interpolate(value: Json | undefined, contexts: Record<string, unknown>): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value !== 'string') return JSON.stringify(value);
  return value.replace(/\$\{\{([\s\S]+?)\}\}/g, (_, expression: string) =>
    evaluateExpression(expression.trim(), contexts).coerceString(),
  );
}

/** A value that may be one whole `${{ }}` expression, as the JSON it evaluates to (runs-on can be a list). */
export function valueOf(value: Json, contexts: Record<string, unknown>): Json {
  const whole = typeof value === 'string' ? /^\$\{\{([\s\S]+)\}\}$/.exec(value.trim()) : null;
  if (!whole) return typeof value === 'string' ? interpolate(value, contexts) : value;
  return JSON.parse(JSON.stringify(evaluateExpression(whole[1]!.trim(), contexts), data.replacer)) as Json;
}

/** An `if:` condition: an expression with or without `${{ }}`, with success() wrapped around it when it has no status function. */
export function condition(text: string | undefined, contexts: Record<string, unknown>, status: Status): boolean {
  if (text === undefined) return !status.failed && !status.cancelled;
  const bare = text
    .trim()
    .replace(/^\$\{\{([\s\S]*)\}\}$/, '$1')
    .trim();
  const expression = /\b(success|failure|always|cancelled)\(\)/.test(bare) ? bare : `success() && (${bare})`;
  return truthy(evaluateExpression(expression, contexts, status));
}

/** workflow_call inputs: the given ones, and the declared defaults for the others. */
export function callInputs(workflow: Workflow, given: Record<string, Json> = {}): Record<string, Json> {
  const declared = workflow.on?.workflow_call?.inputs ?? {};
  const unknown = Object.keys(given).filter((k) => !(k in declared));
  if (unknown.length > 0) throw new Error(`inputs not declared by the workflow: ${unknown.join(', ')}`);
  const inputs: Record<string, Json> = {};
  for (const [name, spec] of Object.entries(declared)) {
    const value = name in given ? given[name]! : (spec.default ?? (spec.type === 'boolean' ? false : ''));
    if (spec.required && !(name in given)) throw new Error(`required input '${name}' was not given`);
    inputs[name] = spec.type === 'boolean' && typeof value === 'string' ? value === 'true' : value;
  }
  return inputs;
}

export async function runWorkflowJob(workflow: Workflow, jobId: string, options: JobOptions): Promise<JobResult> {
  const job = workflow.jobs[jobId];
  if (!job) throw new Error(`no job ${jobId}`);
  const base = {
    inputs: options.inputs ?? {},
    secrets: options.secrets ?? {},
    vars: options.vars ?? {},
    github: { event_name: 'push', ref_name: 'dev', sha: '0123456789abcdef0123456789abcdef01234567', ...options.github },
    needs: options.needs ?? {},
  };
  const status: Status = {
    failed: Object.values(base.needs).some((n) => n.result === 'failure'),
    cancelled: false,
    workspace: options.workspace,
  };
  const runsOn = valueOf(job['runs-on'] ?? null, base);
  const environment = job.environment ? interpolate(job.environment, base) : undefined;
  if (!condition(job.if, base, status)) {
    return { result: 'skipped', steps: [], outputs: {}, runsOn, environment };
  }
  // Inside the job, success() and failure() are about its own steps (at job level they were about needs).
  status.failed = false;
  const jobEnv: Record<string, string> = {};
  for (const [k, v] of Object.entries(job.env ?? {})) jobEnv[k] = interpolate(v, { ...base, env: jobEnv });
  const steps: Record<string, { outputs: Record<string, string>; outcome: string; conclusion: string }> = {};
  const records: StepRecord[] = [];
  let index = 0;
  for (const step of job.steps ?? []) {
    const id = step.id ?? `step${++index}`;
    const contexts = { ...base, env: jobEnv, steps };
    const label = step.name ?? step.uses ?? step.run?.split('\n')[0] ?? id;
    const record: StepRecord = {
      id,
      label,
      uses: step.uses,
      ran: false,
      with: {},
      env: {},
      outcome: 'skipped',
      outputs: {},
    };
    records.push(record);
    if (!condition(step.if, contexts, status)) {
      steps[id] = { outputs: {}, outcome: 'skipped', conclusion: 'skipped' };
      continue;
    }
    record.env = Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, interpolate(v, contexts)]));
    record.with = Object.fromEntries(Object.entries(step.with ?? {}).map(([k, v]) => [k, interpolate(v, contexts)]));
    const ours = step.uses ? OUR_ACTION.exec(step.uses)?.[1] : undefined;
    if (ours) {
      const run: RunOptions = {
        inputs: { ...record.with, ...options.extraInputs?.[id] },
        env: { ...options.actionEnv, ...jobEnv, ...record.env },
        workspace: options.workspace,
        timeoutMs: options.timeoutMs ?? 120_000,
      };
      record.action = await runAction(ours, run);
      record.ran = true;
      record.outcome = record.action.exitCode === 0 ? 'success' : 'failure';
      record.outputs = record.action.outputs;
    } else {
      const handler = Object.entries(options.handlers ?? {}).find(([prefix]) =>
        (step.uses ?? `run: ${step.run ?? ''}`).startsWith(prefix),
      )?.[1];
      if (handler) {
        const result = handler({ with: record.with, env: { ...jobEnv, ...record.env } });
        record.ran = true;
        record.outcome = result.outcome ?? 'success';
        record.outputs = result.outputs ?? {};
        Object.assign(jobEnv, result.env);
      }
    }
    const continueOnError = step['continue-on-error'] === true || step['continue-on-error'] === 'true';
    const conclusion = record.outcome === 'failure' && continueOnError ? 'success' : record.outcome;
    steps[id] = { outputs: record.outputs, outcome: record.outcome, conclusion };
    if (conclusion === 'failure') status.failed = true;
  }
  const outputs = Object.fromEntries(
    Object.entries(job.outputs ?? {}).map(([k, v]) => [k, interpolate(v, { ...base, env: jobEnv, steps })]),
  );
  return { result: status.failed ? 'failure' : 'success', steps: records, outputs, runsOn, environment };
}

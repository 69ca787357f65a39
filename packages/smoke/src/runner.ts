import http from 'node:http';
import https from 'node:https';
import { ConfigurationError, redact, registerSecret, sleep } from '@credex/action-kit';
import { HttpFailure, httpRequest, toHttpFailure, type HttpResponse } from '@credex/http';
import { evaluate } from './assertions';
import { applyCaptures } from './capture';
import { attempts as attemptsText, seconds } from './format';
import { buildRequest } from './request';
import { maskHeaders, maskJsonBody, Redactor, isSecretName } from './secrets';
import type { Scope } from './template';
import type { Check, CheckResult, CheckSuite, RunDefaults, RunOptions, SuiteResult } from './types';

export const DEFAULTS: RunDefaults = { retries: 0, retryDelayMs: 1000, timeoutMs: 10_000 };
const WAIT_FIRST_DELAY_MS = 500;
const WAIT_MAX_DELAY_MS = 5000;
const MAX_RETRY_DELAY_MS = 30_000;

/** Spaces request starts so the run stays under a request rate. */
class Pacer {
  private next = 0;
  constructor(private readonly intervalMs: number) {}
  async slot(signal?: AbortSignal): Promise<void> {
    if (this.intervalMs <= 0) return;
    const now = Date.now();
    const at = Math.max(now, this.next);
    this.next = at + this.intervalMs;
    if (at > now) await sleep(at - now, signal);
  }
}

interface Context {
  options: RunOptions;
  defaults: RunDefaults;
  scope: Scope;
  secrets: Redactor;
  pacer: Pacer;
  agent: { http: http.Agent; https: https.Agent };
  /** Captured variable → the check that captured it. */
  capturedBy: Map<string, string>;
}

/**
 * Throws the ConfigurationError that runChecks would throw before its first request (base URL, unset
 * `${env.NAME}`, concurrency). Lets a caller such as a deploy validate everything before it changes anything.
 */
export function assertRunnable(suite: CheckSuite, options: RunOptions = {}): void {
  validate(suite, options, options.env ?? process.env);
}

function validate(suite: CheckSuite, options: RunOptions, env: Record<string, string | undefined>): void {
  const needsBase = suite.checks.find((c) => c.path !== undefined);
  if (options.baseUrl !== undefined) {
    let protocol = '';
    try {
      protocol = new URL(options.baseUrl).protocol;
    } catch {
      // reported below
    }
    if (protocol !== 'http:' && protocol !== 'https:') {
      throw new ConfigurationError(`base URL ${JSON.stringify(options.baseUrl)} is not an http(s) URL`);
    }
  } else if (needsBase) {
    throw new ConfigurationError(`check '${needsBase.name}': path ${needsBase.path} needs a base URL`);
  }
  for (const check of suite.checks) {
    const missing = check.usesEnv.find((name) => env[name] === undefined);
    if (missing) throw new ConfigurationError(`check '${check.name}': uses \${env.${missing}}, which is not set`);
  }
  const gate = suite.checks.find((c) => c.wait) ?? suite.checks[0];
  if (options.waitForMs && gate && gate.uses.length > 0) {
    throw new ConfigurationError(
      `check '${gate.name}': the check wait-for retries runs first, so it cannot use \${${gate.uses[0]}}`,
    );
  }
  if (options.concurrency !== undefined && !(Number.isInteger(options.concurrency) && options.concurrency >= 1)) {
    throw new ConfigurationError(`concurrency must be a whole number of at least 1, got ${options.concurrency}`);
  }
}

function failureText(failure: HttpFailure, attempts: number, elapsedMs: number): string {
  return attempts > 1 ? `${failure.message} ${attemptsText(attempts, elapsedMs)}` : failure.message;
}

interface Attempt {
  response?: HttpResponse;
  failure?: HttpFailure;
  failures: string[];
  warnings: string[];
  captured: Map<string, string>;
}

async function attemptOnce(check: Check, ctx: Context, timeoutMs: number): Promise<Attempt & { url: string }> {
  const { options, secrets } = ctx;
  const request = buildRequest(check, ctx.scope, options.baseUrl, options.headers ?? {}, secrets);
  for (const value of secrets.all()) registerSecret(value);
  await ctx.pacer.slot(options.signal);
  let response: HttpResponse;
  try {
    response = await httpRequest({
      ...request,
      timeoutMs,
      maxRedirects: check.maxRedirects,
      rejectUnauthorized: check.expect.tls ? false : true,
      ca: options.ca,
      signal: options.signal,
      agent: ctx.agent,
    });
  } catch (error) {
    if (options.signal?.aborted) throw options.signal.reason;
    const failure = toHttpFailure(error);
    return { url: request.url, failure, failures: [failure.message], warnings: [], captured: new Map() };
  }
  const verdict = evaluate(check.expect, response);
  const captured = new Map<string, string>();
  // Secret captures are masked even when the check failed: a failed login may still carry a token.
  const result = applyCaptures(check.captures, response);
  for (const [name, value] of result.values) {
    if (check.captures.find((c) => c.name === name)?.secret) {
      secrets.add(value);
      registerSecret(value);
    }
    if (verdict.failures.length === 0) captured.set(name, value);
  }
  if (verdict.failures.length === 0) verdict.failures.push(...result.failures);
  return { url: request.url, response, failures: verdict.failures, warnings: verdict.warnings, captured };
}

/**
 * Runs one check with its retries; in wait mode it keeps trying with backoff until `waitForMs` has passed.
 */
async function runOne(check: Check, ctx: Context, waitForMs?: number): Promise<CheckResult> {
  const { options, defaults } = ctx;
  const retries = check.retries ?? defaults.retries;
  const timeoutMs = check.timeoutMs ?? defaults.timeoutMs;
  let delay = waitForMs !== undefined ? WAIT_FIRST_DELAY_MS : (check.retryDelayMs ?? defaults.retryDelayMs);
  const started = Date.now();
  const deadline = waitForMs !== undefined ? started + waitForMs : undefined;
  let last: Attempt & { url: string };
  let attempt = 0;
  for (;;) {
    attempt++;
    const budget = deadline !== undefined ? Math.max(1, Math.min(timeoutMs, deadline - Date.now())) : timeoutMs;
    last = await attemptOnce(check, ctx, budget);
    if (last.failures.length === 0) break;
    const more = deadline !== undefined ? Date.now() + delay < deadline : attempt <= retries;
    if (!more) break;
    options.onProgress?.(
      ctx.secrets.redact(
        redact(`check '${check.name}' attempt ${attempt}: ${last.failures[0]}; retrying in ${seconds(delay)}`),
      ),
    );
    await sleep(delay, options.signal);
    delay = Math.min(
      deadline !== undefined ? WAIT_MAX_DELAY_MS : MAX_RETRY_DELAY_MS,
      Math.round(delay * (deadline !== undefined ? 1.5 : 2)),
    );
  }
  const elapsedMs = Date.now() - started;
  for (const [name, value] of last.captured) {
    ctx.scope.variables.set(name, value);
    ctx.capturedBy.set(name, check.name);
  }
  const failures = last.failure ? [failureText(last.failure, attempt, elapsedMs)] : last.failures;
  if (waitForMs !== undefined && failures.length > 0) {
    failures.push(`did not pass within wait-for ${seconds(waitForMs)} (${attempt} attempts)`);
  }
  const failed = failures.length > 0;
  const response = last.response;
  const bodyLimit = options.reportBodyBytes ?? 2000;
  return {
    name: check.name,
    outcome: failed ? (check.critical ? 'failed' : 'warning') : last.warnings.length > 0 ? 'warning' : 'passed',
    critical: check.critical,
    method: check.method,
    url: last.url,
    status: response?.status,
    durationMs: response ? Math.round(response.durationMs) : undefined,
    attempts: attempt,
    elapsedMs,
    failures,
    warnings: last.warnings,
    captured: [...last.captured.keys()],
    response:
      failed && response
        ? {
            headers: maskHeaders(response.headers),
            body: maskJsonBody(response.body).slice(0, bodyLimit),
            truncated: response.truncated || response.body.length > bodyLimit,
          }
        : undefined,
    tls: response?.tls
      ? {
          authorized: response.tls.authorized,
          validTo: response.tls.validTo,
          daysRemaining: response.tls.daysRemaining === undefined ? undefined : Math.round(response.tls.daysRemaining),
          subject: response.tls.subject,
        }
      : undefined,
  };
}

function notRun(check: Check, reason: string, outcome: CheckResult['outcome']): CheckResult {
  return {
    name: check.name,
    outcome,
    critical: check.critical,
    method: check.method,
    url: check.url ?? check.path ?? '',
    attempts: 0,
    elapsedMs: 0,
    failures: [reason],
    warnings: [],
    captured: [],
  };
}

/** Every string in the result passed through both redactors (values captured late are caught too). */
function redactDeep<T>(value: T, secrets: Redactor): T {
  if (typeof value === 'string') return secrets.redact(redact(value)) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => redactDeep(v, secrets)) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = v === undefined ? undefined : redactDeep(v, secrets);
    return out as T;
  }
  return value;
}

/**
 * Runs a suite: the wait check first (when `waitForMs` is set), then every check as soon as the checks whose
 * captures it uses are done, up to `concurrency` at once. Results come back in file order.
 * Throws a ConfigurationError (before any request) for a missing base URL or environment variable, and the
 * signal's reason when cancelled.
 */
export async function runChecks(suite: CheckSuite, options: RunOptions = {}): Promise<SuiteResult> {
  const env = options.env ?? process.env;
  validate(suite, options, env);
  const startedAt = new Date();
  const started = Date.now();
  const secrets = new Redactor();
  for (const [name, value] of Object.entries(options.headers ?? {})) if (isSecretName(name)) secrets.add(value);
  for (const check of suite.checks) {
    for (const name of check.usesEnv) if (isSecretName(name)) secrets.add(env[name]);
  }
  for (const value of secrets.all()) registerSecret(value);

  const ownAgents = !options.agent;
  const agent = {
    http: options.agent?.http ?? new http.Agent({ keepAlive: true }),
    https: options.agent?.https ?? new https.Agent({ keepAlive: true }),
  };
  const ctx: Context = {
    options,
    defaults: { ...DEFAULTS, ...options.defaults },
    scope: { variables: new Map(), env },
    secrets,
    pacer: new Pacer(options.requestsPerMinute ? 60_000 / options.requestsPerMinute : 0),
    agent,
    capturedBy: new Map(),
  };
  const results = new Map<string, CheckResult>();
  const record = (result: CheckResult): void => {
    const clean = redactDeep(result, secrets);
    results.set(result.name, clean);
    options.onResult?.(clean);
  };

  try {
    let pending = [...suite.checks];
    let stopReason: string | undefined;
    if (options.waitForMs !== undefined && options.waitForMs > 0) {
      const gate = suite.checks.find((c) => c.wait) ?? suite.checks[0]!;
      pending = pending.filter((c) => c !== gate);
      const result = await runOne(gate, ctx, options.waitForMs);
      record(result);
      if (result.outcome === 'failed') stopReason = `not run: '${gate.name}' did not pass within wait-for`;
    }
    const concurrency = options.concurrency ?? 1;
    const producers = new Map<Check, { variable: string; by: Check }[]>();
    suite.checks.forEach((check, index) => {
      const earlier = suite.checks.slice(0, index).reverse();
      producers.set(
        check,
        check.uses.flatMap((variable) => {
          const by = earlier.find((c) => c.captures.some((x) => x.name === variable));
          return by ? [{ variable, by }] : [];
        }),
      );
    });
    const running = new Set<Promise<void>>();
    let crashed: { error: unknown } | undefined;
    while (pending.length > 0 || running.size > 0) {
      if (crashed) throw crashed.error;
      if (options.signal?.aborted) throw options.signal.reason;
      if (stopReason) {
        for (const check of pending) record(notRun(check, stopReason, 'skipped'));
        pending = [];
      }
      const ready =
        running.size < concurrency
          ? pending.find((c) => producers.get(c)!.every((p) => results.has(p.by.name)))
          : undefined;
      if (!ready) {
        if (running.size === 0 && pending.length > 0) throw new Error('smoke: no check can start');
        if (running.size > 0) await Promise.race(running);
        continue;
      }
      pending = pending.filter((c) => c !== ready);
      const missing = producers.get(ready)!.find((p) => !ctx.scope.variables.has(p.variable));
      if (missing) {
        const reason = `not run: needs \${${missing.variable}} from '${missing.by.name}', which did not pass`;
        record(notRun(ready, reason, ready.critical ? 'failed' : 'warning'));
        continue;
      }
      const task: Promise<void> = runOne(ready, ctx)
        .then((result) => {
          record(result);
          if (options.failFast && result.outcome === 'failed') {
            stopReason ??= `not run: fail-fast after '${ready.name}' failed`;
          }
        })
        .catch((error: unknown) => {
          crashed ??= { error };
        })
        .finally(() => running.delete(task));
      running.add(task);
    }
    if (crashed) throw crashed.error;
  } finally {
    if (ownAgents) {
      agent.http.destroy();
      agent.https.destroy();
    }
  }

  const ordered = suite.checks.map((c) => results.get(c.name)!);
  const failed = ordered.filter((r) => r.outcome === 'failed').length;
  return {
    origin: suite.origin,
    baseUrl: options.baseUrl === undefined ? undefined : secrets.redact(redact(options.baseUrl)),
    passed: failed === 0,
    total: ordered.length,
    failed,
    warnings: ordered.filter((r) => r.outcome === 'warning').length,
    skipped: ordered.filter((r) => r.outcome === 'skipped').length,
    durationMs: Date.now() - started,
    startedAt: startedAt.toISOString(),
    results: ordered,
  };
}

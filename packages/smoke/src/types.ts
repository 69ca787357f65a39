/** The parsed, validated form of a checks file. Durations are milliseconds. */

/** Accepted statuses as inclusive ranges; `text` is how the expectation was written (e.g. `2xx`, `200 or 204`). */
export interface StatusMatcher {
  text: string;
  ranges: [number, number][];
}

export type HeaderExpectation = { equals: string } | { matches: RegExp } | { exists: true } | { absent: true };

export interface BodyExpectation {
  contains?: string[];
  matches?: RegExp[];
  equals?: string;
}

export type JsonType = 'string' | 'number' | 'boolean' | 'object' | 'array' | 'null';

export interface JsonExpectation {
  path: string;
  equals?: unknown;
  exists?: boolean;
  type?: JsonType;
  lessThan?: number;
  greaterThan?: number;
  matches?: RegExp;
  length?: number;
}

export interface TlsExpectation {
  /** The certificate must be trusted (default true). */
  valid: boolean;
  /** The certificate must not expire within this many days. */
  minDays?: number;
}

export interface Expectations {
  status?: StatusMatcher;
  headers: Record<string, HeaderExpectation>;
  body?: BodyExpectation;
  json: JsonExpectation[];
  maxDurationMs?: number;
  degradedDurationMs?: number;
  tls?: TlsExpectation;
}

export type CaptureSource = { json: string } | { header: string } | { body: true };

export interface Capture {
  name: string;
  source: CaptureSource;
  /** Applied to the source value; group 1 when the pattern has one, else the whole match. */
  regex?: RegExp;
  /** Masked in logs and reports (true when the name looks like a credential or when forced). */
  secret: boolean;
}

export type Auth =
  { bearer: string } | { basic: { username: string; password: string } } | { header: { name: string; value: string } };

export interface Check {
  name: string;
  method: string;
  /** Exactly one of url (absolute) and path (joined to the base URL). Both may hold `${...}` references. */
  url?: string;
  path?: string;
  headers: Record<string, string>;
  query: Record<string, string>;
  /** Text as sent, or a JSON value (sent as JSON). */
  body?: { text: string } | { json: unknown };
  auth?: Auth;
  timeoutMs?: number;
  retries?: number;
  retryDelayMs?: number;
  /** 0 = do not follow. */
  maxRedirects: number;
  critical: boolean;
  wait: boolean;
  expect: Expectations;
  captures: Capture[];
  /** Variables this check reads (`${name}`, not env). */
  uses: string[];
  /** Environment variables this check reads (`${env.NAME}`). */
  usesEnv: string[];
}

export interface CheckSuite {
  /** Where the checks came from (a file path, `input 'checks'`, ...). */
  origin: string;
  checks: Check[];
}

export type Outcome = 'passed' | 'warning' | 'failed' | 'skipped';

export interface CheckResult {
  name: string;
  outcome: Outcome;
  critical: boolean;
  method: string;
  /** The URL requested, with secrets redacted. */
  url: string;
  status?: number;
  /** Duration of the last attempt's request. */
  durationMs?: number;
  attempts: number;
  /** From the first attempt to the verdict, retries included. */
  elapsedMs: number;
  /** What differed, one line each (e.g. "expected 200, got 503"). */
  failures: string[];
  /** Warnings that do not fail the check (degraded duration, certificate facts). */
  warnings: string[];
  /** Names of the variables captured (values are never reported). */
  captured: string[];
  /** For a failed check: the response, redacted and truncated. */
  response?: { headers: Record<string, string>; body: string; truncated: boolean };
  tls?: { authorized: boolean; validTo?: string; daysRemaining?: number; subject?: string };
}

export interface SuiteResult {
  origin: string;
  baseUrl?: string;
  passed: boolean;
  total: number;
  failed: number;
  warnings: number;
  skipped: number;
  durationMs: number;
  startedAt: string;
  results: CheckResult[];
}

export interface RunDefaults {
  retries: number;
  retryDelayMs: number;
  timeoutMs: number;
}

export interface RunOptions {
  baseUrl?: string;
  /** Checks in flight at once (default 1). */
  concurrency?: number;
  /** Stop starting checks after the first critical failure. */
  failFast?: boolean;
  defaults?: Partial<RunDefaults>;
  /** Sent with every check (a check's own headers win). */
  headers?: Record<string, string>;
  /** Keep retrying the first `wait: true` check (or the first check) for up to this long before the rest run. */
  waitForMs?: number;
  /** Pace requests (credex-core allows 30 a minute per client IP, each request counted twice: 12). 0/absent = none. */
  requestsPerMinute?: number;
  signal?: AbortSignal;
  /** Source of `${env.NAME}` (default process.env). */
  env?: Record<string, string | undefined>;
  /** Extra CA certificates (PEM) to trust. */
  ca?: string | string[];
  /** Bytes of a response body kept in a failed check's report (default 2,000). */
  reportBodyBytes?: number;
  onResult?: (result: CheckResult) => void;
  /** Told about each retry and each wait-for attempt. */
  onProgress?: (message: string) => void;
  /** Reuse connections with these agents (default: keep-alive agents made for the run). */
  agent?: { http?: import('node:http').Agent; https?: import('node:https').Agent };
}

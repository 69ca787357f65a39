import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { ajvClass, ConfigurationError, parseDuration, parseYaml } from '@credex/action-kit';
import { checkSchema } from './schema';
import { jsonPathProblem } from './jsonpath';
import { isSecretName } from './secrets';
import { parseStatus } from './status';
import { findReferences } from './template';
import type {
  Auth,
  BodyExpectation,
  Capture,
  Check,
  CheckSuite,
  Expectations,
  HeaderExpectation,
  JsonExpectation,
  JsonType,
} from './types';

type Raw = Record<string, unknown>;

let validator: ValidateFunction | undefined;
function validateCheck(value: unknown): ErrorObject[] {
  validator ??= new (ajvClass())({ allErrors: true, strict: true, allowUnionTypes: true }).compile(checkSchema);
  return validator(value) ? [] : [...(validator.errors ?? [])];
}

const JSON_OPERATORS = new Set(['equals', 'exists', 'type', '<', '>', 'matches', 'length']);
const JSON_TYPES = new Set<JsonType>(['string', 'number', 'boolean', 'object', 'array', 'null']);
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** `expect.headers.x-request-id` from an ajv instance path like `/expect/headers/x-request-id`. */
function fieldOf(instancePath: string): string {
  return instancePath
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((p) => (/^\d+$/.test(p) ? `[${p}]` : p))
    .join('.')
    .replace(/\.\[/g, '[');
}

/** ajv reports every branch of an anyOf; the deepest, most specific error is the one a person can act on. */
function bestError(errors: ErrorObject[]): ErrorObject | undefined {
  const rank = (e: ErrorObject): number =>
    e.instancePath.split('/').length * 10 +
    (e.keyword === 'additionalProperties' ? 5 : e.keyword === 'anyOf' ? 0 : e.keyword === 'type' ? 1 : 3);
  return [...errors].sort((a, b) => rank(b) - rank(a))[0];
}

function describeError(error: ErrorObject): string {
  const field = fieldOf(error.instancePath);
  const at = field ? `${field}: ` : '';
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties':
      return `${at}unknown key '${String(params.additionalProperty)}'`;
    case 'required':
      return `${at}'${String(params.missingProperty)}' is required`;
    case 'type':
      return `${at}must be ${String(params.type).split(',').join(' or ')}`;
    case 'const':
      return `${at}must be ${show(params.allowedValue)}`;
    case 'minProperties':
    case 'maxProperties':
      return `${at}must have exactly one key`;
    default:
      return `${at}${error.message ?? 'is not valid'}`;
  }
}

function regex(label: string, pattern: string): RegExp {
  try {
    return new RegExp(pattern);
  } catch (error) {
    throw new Error(`${label}: ${show(pattern)} is not a valid regular expression (${(error as Error).message})`);
  }
}

function durationMs(label: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return value;
  if (typeof value === 'string') {
    const ms = /^\d+$/.test(value.trim()) ? Number(value) : parseDuration(value);
    if (ms !== undefined) return ms;
  }
  throw new Error(`${label}: ${show(value)} is not a duration (milliseconds, or text like 500ms, 2s, 1m)`);
}

function asList(value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  return Array.isArray(value) ? (value as string[]) : [value as string];
}

function parseHeaderExpectation(label: string, value: unknown): HeaderExpectation {
  if (value === null || typeof value !== 'object') return { equals: String(value) };
  const v = value as Raw;
  if ('equals' in v) return { equals: v.equals as string };
  if ('matches' in v) return { matches: regex(`${label}.matches`, String(v.matches)) };
  if ('exists' in v) return { exists: true };
  return { absent: true };
}

function parseBody(value: unknown): BodyExpectation {
  if (typeof value === 'string') return { contains: [value] };
  const v = value as Raw;
  return {
    contains: asList(v.contains),
    matches: asList(v.matches)?.map((p, i) => regex(`expect.body.matches[${i}]`, p)),
    equals: v.equals === undefined ? undefined : (v.equals as string),
  };
}

function parseJsonExpectation(path: string, value: unknown): JsonExpectation {
  const label = `expect.json[${show(path)}]`;
  const problem = jsonPathProblem(path);
  if (problem) throw new Error(`${label}: ${show(path)} is not a valid JSONPath (${problem})`);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { path, equals: value };
  const v = value as Raw;
  const keys = Object.keys(v);
  if (keys.length === 0) throw new Error(`${label}: needs at least one of ${[...JSON_OPERATORS].join(', ')}`);
  const unknown = keys.find((k) => !JSON_OPERATORS.has(k));
  if (unknown) {
    throw new Error(`${label}: unknown key '${unknown}' (use ${[...JSON_OPERATORS].join(', ')}; equals for objects)`);
  }
  const out: JsonExpectation = { path };
  if ('equals' in v) out.equals = v.equals;
  if ('exists' in v) {
    if (typeof v.exists !== 'boolean') throw new Error(`${label}.exists: must be true or false`);
    out.exists = v.exists;
  }
  if ('type' in v) {
    if (!JSON_TYPES.has(v.type as JsonType))
      throw new Error(`${label}.type: must be one of ${[...JSON_TYPES].join(', ')}`);
    out.type = v.type as JsonType;
  }
  for (const [key, field] of [
    ['<', 'lessThan'],
    ['>', 'greaterThan'],
    ['length', 'length'],
  ] as const) {
    if (key in v) {
      if (typeof v[key] !== 'number') throw new Error(`${label}.${key}: must be a number, got ${show(v[key])}`);
      out[field] = v[key];
    }
  }
  if ('matches' in v) out.matches = regex(`${label}.matches`, String(v.matches));
  return out;
}

function parseExpect(raw: Raw | undefined): Expectations {
  const out: Expectations = { headers: {}, json: [] };
  if (!raw) return out;
  if (raw.status !== undefined) {
    const status = parseStatus(raw.status as string);
    if (!status) throw new Error(`expect.status: ${show(raw.status)} is not a status, code list or range like 2xx`);
    out.status = status;
  }
  for (const [name, value] of Object.entries((raw.headers as Raw | undefined) ?? {})) {
    out.headers[name.toLowerCase()] = parseHeaderExpectation(`expect.headers.${name}`, value);
  }
  if (raw.body !== undefined) out.body = parseBody(raw.body);
  for (const [path, value] of Object.entries((raw.json as Raw | undefined) ?? {})) {
    out.json.push(parseJsonExpectation(path, value));
  }
  out.maxDurationMs = durationMs('expect.max-duration', raw['max-duration']);
  out.degradedDurationMs = durationMs('expect.degraded-duration', raw['degraded-duration']);
  if (raw.tls !== undefined) {
    const tls = raw.tls;
    if (typeof tls === 'boolean') out.tls = { valid: tls };
    else {
      const t = tls as Raw;
      out.tls = { valid: (t.valid as boolean | undefined) ?? true, minDays: t['min-days'] as number | undefined };
    }
  }
  return out;
}

function parseCapture(name: string, value: unknown): Capture {
  const label = `capture.${name}`;
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) || name === 'env') {
    throw new Error(`${label}: ${show(name)} is not a usable variable name (letters, digits, _; not "env")`);
  }
  const v: Raw = typeof value === 'string' ? { json: value } : (value as Raw);
  const sources = (['json', 'header', 'body'] as const).filter((k) => v[k] !== undefined);
  if (sources.length !== 1) throw new Error(`${label}: needs exactly one of json, header, body`);
  let source: Capture['source'];
  if (typeof v.json === 'string') {
    const problem = jsonPathProblem(v.json);
    if (problem) throw new Error(`${label}.json: ${show(v.json)} is not a valid JSONPath (${problem})`);
    source = { json: v.json };
  } else if (typeof v.header === 'string') source = { header: v.header.toLowerCase() };
  else {
    if (v.regex === undefined) throw new Error(`${label}: body captures need a regex`);
    source = { body: true };
  }
  const pattern = v.regex === undefined ? undefined : regex(`${label}.regex`, v.regex as string);
  const fromSecretHeader = 'header' in source && isSecretName(source.header);
  // `$.data.accessToken` or `$['refresh_token']`: the last name in the path says what the value is.
  const lastName = 'json' in source ? /([A-Za-z_][\w-]*)['"]?\]?$/.exec(source.json)?.[1] : undefined;
  const fromSecretField = lastName !== undefined && isSecretName(lastName);
  return {
    name,
    source,
    regex: pattern,
    secret: (v.secret as boolean | undefined) ?? (isSecretName(name) || fromSecretHeader || fromSecretField),
  };
}

function parseAuth(raw: Raw | undefined): Auth | undefined {
  if (!raw) return undefined;
  if (typeof raw.bearer === 'string') return { bearer: raw.bearer };
  if (raw.basic) return { basic: raw.basic as { username: string; password: string } };
  return { header: raw.header as { name: string; value: string } };
}

function stringRecord(raw: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries((raw as Raw | undefined) ?? {})) out[k] = String(v);
  return out;
}

function parseCheck(raw: Raw): Check {
  const method = ((raw.method as string | undefined) ?? 'GET').toUpperCase();
  if (!METHODS.has(method)) throw new Error(`method: ${show(raw.method)} is not one of ${[...METHODS].join(', ')}`);
  if ((raw.url === undefined) === (raw.path === undefined)) throw new Error('needs exactly one of url and path');
  if (typeof raw.path === 'string' && !raw.path.startsWith('/'))
    throw new Error(`path: ${show(raw.path)} must start with /`);
  if (typeof raw.url === 'string' && !/^https?:\/\/|^\$\{/.test(raw.url)) {
    throw new Error(`url: ${show(raw.url)} must be an absolute http(s) URL (or use path)`);
  }
  const follow = raw['follow-redirects'];
  const captures = Object.entries((raw.capture as Raw | undefined) ?? {}).map(([n, v]) => parseCapture(n, v));
  const refs = findReferences([raw.url, raw.path, raw.headers, raw.query, raw.body, raw.auth]);
  if (refs.bad.length > 0) {
    throw new Error(`${refs.bad[0]} is not a reference (use \${name} for a capture or \${env.NAME})`);
  }
  return {
    name: String(raw.name),
    method,
    url: raw.url as string | undefined,
    path: raw.path as string | undefined,
    headers: stringRecord(raw.headers),
    query: stringRecord(raw.query),
    body: raw.body === undefined ? undefined : typeof raw.body === 'string' ? { text: raw.body } : { json: raw.body },
    auth: parseAuth(raw.auth as Raw | undefined),
    timeoutMs: durationMs('timeout', raw.timeout),
    retries: raw.retries as number | undefined,
    retryDelayMs: durationMs('retry-delay', raw['retry-delay']),
    maxRedirects: follow === true ? 10 : typeof follow === 'number' ? follow : 0,
    critical: (raw.critical as boolean | undefined) ?? true,
    wait: (raw.wait as boolean | undefined) ?? false,
    expect: parseExpect(raw.expect as Raw | undefined),
    captures,
    uses: refs.variables,
    usesEnv: refs.env,
  };
}

/**
 * Validates a checks document (an array of checks, or `{checks: [...]}`) and returns the suite.
 * Throws a ConfigurationError naming the origin, the check and the field: nothing is sent before this passes.
 */
export function parseChecks(source: unknown, origin: string): CheckSuite {
  const fail = (message: string): never => {
    throw new ConfigurationError(`${origin}: ${message}`);
  };
  let list: unknown;
  if (Array.isArray(source)) list = source;
  else if (source !== null && typeof source === 'object') {
    const extra = Object.keys(source).find((k) => k !== 'checks');
    if (extra) fail(`unknown key '${extra}' (a checks file is a list of checks, or an object with 'checks')`);
    list = (source as Raw).checks;
  } else fail('must be a list of checks, or an object with a list under checks');
  if (!Array.isArray(list) || list.length === 0) return fail('has no checks');

  const checks: Check[] = [];
  const defined = new Map<string, string>();
  const names = new Set<string>();
  list.forEach((raw: unknown, index) => {
    const name =
      raw !== null && typeof raw === 'object' && typeof (raw as Raw).name === 'string'
        ? `check '${String((raw as Raw).name)}'`
        : `check #${index + 1}`;
    const error = bestError(validateCheck(raw));
    if (error) fail(`${name}: ${describeError(error)}`);
    let check: Check;
    try {
      check = parseCheck(raw as Raw);
    } catch (e) {
      return fail(`${name}: ${(e as Error).message}`);
    }
    if (names.has(check.name)) fail(`${name}: the name is used by an earlier check`);
    names.add(check.name);
    for (const variable of check.uses) {
      if (!defined.has(variable)) {
        fail(`${name}: uses \${${variable}} before any earlier check captures it`);
      }
    }
    for (const capture of check.captures) defined.set(capture.name, check.name);
    checks.push(check);
  });
  return { origin, checks };
}

/** Parses checks from YAML or JSON text (YAML is a superset of JSON). */
export function parseChecksText(text: string, origin: string): CheckSuite {
  let document: unknown;
  try {
    document = parseYaml(text, { prettyErrors: false, uniqueKeys: true });
  } catch (error) {
    throw new ConfigurationError(`${origin}: is not valid YAML/JSON: ${(error as Error).message.split('\n')[0]}`);
  }
  return parseChecks(document, origin);
}

/** Reads and validates a checks file (.yml, .yaml or .json). */
export async function loadChecksFile(path: string): Promise<CheckSuite> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new ConfigurationError(`checks file ${path}: ${code === 'ENOENT' ? 'not found' : (error as Error).message}`);
  }
  if (extname(path).toLowerCase() === '.json') {
    try {
      return parseChecks(JSON.parse(text) as unknown, path);
    } catch (error) {
      if (error instanceof ConfigurationError) throw error;
      throw new ConfigurationError(`${path}: is not valid JSON: ${(error as Error).message}`);
    }
  }
  return parseChecksText(text, path);
}

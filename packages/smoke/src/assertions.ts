import { isDeepStrictEqual } from 'node:util';
import type { HttpResponse } from '@credex/http';
import { ms, shown } from './format';
import { queryJson } from './jsonpath';
import { isSecretName } from './secrets';
import { statusMatches } from './status';
import type { Expectations, JsonExpectation, JsonType } from './types';

export interface Verdict {
  failures: string[];
  warnings: string[];
}

/** When a check states no status, anything but 2xx fails it. */
const DEFAULT_STATUS = { text: '2xx', ranges: [[200, 299]] as [number, number][] };

function typeOf(value: unknown): JsonType {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value as JsonType;
}

function headerShown(name: string, value: string): string {
  return isSecretName(name) ? '***' : shown(value);
}

function checkJson(expectation: JsonExpectation, json: unknown): string[] {
  const { path } = expectation;
  let values: unknown[];
  try {
    values = queryJson(path, json);
  } catch (error) {
    return [`${path} could not be evaluated: ${(error as Error).message}`];
  }
  const failures: string[] = [];
  if (expectation.exists === true && values.length === 0) failures.push(`${path} does not exist`);
  if (expectation.exists === false && values.length > 0) failures.push(`${path} exists, expected it absent`);
  const rest = { ...expectation, path: undefined, exists: undefined };
  const hasValueChecks = Object.values(rest).some((v) => v !== undefined);
  if (!hasValueChecks) return failures;
  if (values.length === 0) return [...failures, `${path} matched nothing`];
  const value = values.length === 1 ? values[0] : values;
  if ('equals' in expectation && !isDeepStrictEqual(value, expectation.equals)) {
    failures.push(`${path} expected ${shown(expectation.equals)}, got ${shown(value)}`);
  }
  if (expectation.type !== undefined && typeOf(value) !== expectation.type) {
    failures.push(`${path} expected type ${expectation.type}, got ${typeOf(value)}`);
  }
  for (const [bound, op, holds] of [
    [expectation.lessThan, '<', (n: number, b: number) => n < b],
    [expectation.greaterThan, '>', (n: number, b: number) => n > b],
  ] as const) {
    if (bound === undefined) continue;
    if (typeof value !== 'number') failures.push(`${path} expected a number ${op} ${bound}, got ${shown(value)}`);
    else if (!holds(value, bound)) failures.push(`${path} expected ${op} ${bound}, got ${value}`);
  }
  if (expectation.matches && !(typeof value === 'string' && expectation.matches.test(value))) {
    failures.push(`${path} ${shown(value)} does not match ${String(expectation.matches)}`);
  }
  if (expectation.length !== undefined) {
    if (typeof value !== 'string' && !Array.isArray(value)) {
      failures.push(`${path} expected length ${expectation.length}, got a ${typeOf(value)}`);
    } else if (value.length !== expectation.length) {
      failures.push(`${path} expected length ${expectation.length}, got ${value.length}`);
    }
  }
  return failures;
}

/** Compares a response with a check's expectations; each difference is one line saying what differed. */
export function evaluate(expect: Expectations, response: HttpResponse): Verdict {
  const failures: string[] = [];
  const warnings: string[] = [];
  const status = expect.status ?? DEFAULT_STATUS;
  if (!statusMatches(status, response.status)) failures.push(`expected ${status.text}, got ${response.status}`);

  for (const [name, rule] of Object.entries(expect.headers)) {
    const actual = response.headers[name];
    if ('absent' in rule) {
      if (actual !== undefined) failures.push(`header ${name} should be absent, got ${headerShown(name, actual)}`);
    } else if (actual === undefined) failures.push(`header ${name} is missing`);
    else if ('equals' in rule && actual !== rule.equals) {
      failures.push(`header ${name} expected ${headerShown(name, rule.equals)}, got ${headerShown(name, actual)}`);
    } else if ('matches' in rule && !rule.matches.test(actual)) {
      failures.push(`header ${name} ${headerShown(name, actual)} does not match ${String(rule.matches)}`);
    }
  }

  const body = expect.body;
  if (body) {
    for (const text of body.contains ?? []) {
      if (!response.body.includes(text)) failures.push(`body does not contain ${shown(text)}`);
    }
    for (const pattern of body.matches ?? []) {
      if (!pattern.test(response.body)) failures.push(`body does not match ${String(pattern)}`);
    }
    if (body.equals !== undefined && response.body !== body.equals) {
      failures.push(`body expected ${shown(body.equals)}, got ${shown(response.body)}`);
    }
  }

  if (expect.json.length > 0) {
    let json: unknown;
    let parsed = true;
    try {
      json = JSON.parse(response.body) as unknown;
    } catch {
      parsed = false;
      failures.push(`body is not JSON${response.truncated ? ' (it was truncated)' : ''}: ${shown(response.body, 60)}`);
    }
    if (parsed) for (const e of expect.json) failures.push(...checkJson(e, json));
  }

  if (expect.maxDurationMs !== undefined && response.durationMs > expect.maxDurationMs) {
    failures.push(`took ${ms(response.durationMs)} > ${ms(expect.maxDurationMs)}`);
  } else if (expect.degradedDurationMs !== undefined && response.durationMs > expect.degradedDurationMs) {
    warnings.push(`took ${ms(response.durationMs)} > ${ms(expect.degradedDurationMs)} (degraded)`);
  }

  if (expect.tls) {
    const tls = response.tls;
    if (!tls) failures.push('tls: the response did not come over HTTPS');
    else {
      if (expect.tls.valid && !tls.authorized) {
        failures.push(`certificate is not trusted: ${tls.authorizationError ?? 'unknown reason'}`);
      }
      if (expect.tls.minDays !== undefined) {
        const days = tls.daysRemaining;
        if (days === undefined) failures.push('certificate expiry is unknown');
        else if (days <= expect.tls.minDays) {
          const left = days < 0 ? `expired ${Math.ceil(-days)} days ago` : `expires in ${Math.round(days)} days`;
          failures.push(`certificate ${left} (${tls.validTo}), expected more than ${expect.tls.minDays}`);
        }
      }
    }
  }
  return { failures, warnings };
}

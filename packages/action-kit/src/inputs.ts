import * as core from '@actions/core';
import { parseDuration } from './duration';
import { ConfigurationError } from './errors';
import { registerSecret } from './secrets';
import { parseYaml } from './on-first-use';

/**
 * Typed readers for action inputs. Every error names the input. An empty input reads as undefined, never "".
 * All validation happens before the action does anything with side effects.
 */

function raw(name: string): string | undefined {
  const value = core.getInput(name, { trimWhitespace: true });
  return value === '' ? undefined : value;
}

function fail(name: string, problem: string): never {
  throw new ConfigurationError(`input '${name}' ${problem}`);
}

function quote(value: string): string {
  const shown = value.length > 60 ? `${value.slice(0, 57)}...` : value;
  return JSON.stringify(shown);
}

export function optional(name: string): string | undefined {
  return raw(name);
}

export function required(name: string): string {
  return raw(name) ?? fail(name, 'is required but was empty');
}

/** Reads a secret input and masks it at once. */
export function secret(name: string, options: { required: true }): string;
export function secret(name: string, options?: { required?: boolean }): string | undefined;
export function secret(name: string, options: { required?: boolean } = {}): string | undefined {
  const value = core.getInput(name, { trimWhitespace: false });
  if (value !== '') registerSecret(value);
  if (value.trim() === '') {
    if (options.required) fail(name, 'is required but was empty');
    return undefined;
  }
  return value;
}

export function boolean(name: string, fallback: boolean): boolean {
  const value = raw(name);
  if (value === undefined) return fallback;
  const lower = value.toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  return fail(name, `must be true or false, got ${quote(value)}`);
}

export interface IntegerOptions {
  min?: number;
  max?: number;
}

export function integer(name: string, fallback: number, options?: IntegerOptions): number;
export function integer(name: string, fallback: undefined, options?: IntegerOptions): number | undefined;
export function integer(name: string, fallback: number | undefined, options: IntegerOptions = {}): number | undefined {
  const value = raw(name);
  if (value === undefined) return fallback;
  if (!/^-?\d+$/.test(value)) fail(name, `must be a whole number, got ${quote(value)}`);
  const n = Number(value);
  if (!Number.isSafeInteger(n)) fail(name, `is out of range, got ${quote(value)}`);
  if (options.min !== undefined && n < options.min) fail(name, `must be at least ${options.min}, got ${n}`);
  if (options.max !== undefined && n > options.max) fail(name, `must be at most ${options.max}, got ${n}`);
  return n;
}

/** Reads a number that may have a fraction (e.g. an error rate). */
export function number(name: string, fallback: number | undefined, options: IntegerOptions = {}): number | undefined {
  const value = raw(name);
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!/^-?\d+(\.\d+)?$/.test(value) || !Number.isFinite(n)) fail(name, `must be a number, got ${quote(value)}`);
  if (options.min !== undefined && n < options.min) fail(name, `must be at least ${options.min}, got ${n}`);
  if (options.max !== undefined && n > options.max) fail(name, `must be at most ${options.max}, got ${n}`);
  return n;
}

/** A duration such as `90s`, `5m`, `1h`, `500ms`, or a bare number of seconds; returns milliseconds. */
export function duration(name: string, fallback: string | number): number;
export function duration(name: string, fallback?: undefined): number | undefined;
export function duration(name: string, fallback?: string | number): number | undefined {
  const value = raw(name);
  if (value === undefined) {
    if (fallback === undefined) return undefined;
    return typeof fallback === 'number' ? fallback : (parseDuration(fallback) ?? fail(name, 'has a bad default'));
  }
  const ms = parseDuration(value);
  if (ms === undefined) fail(name, `must be a duration like 90s, 5m or 1h, got ${quote(value)}`);
  return ms;
}

/** A list separated by newlines and/or commas; blank entries and `#` comment lines are dropped. */
export function list(name: string): string[] {
  const value = raw(name);
  if (value === undefined) return [];
  return value
    .split(/\r?\n/)
    .filter((line) => !line.trim().startsWith('#'))
    .flatMap((line) => line.split(','))
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/** Multiline `KEY=value` pairs (blank lines and `#` comments ignored). Later duplicates win, order is kept. */
export function keyValues(name: string, options: { keyPattern?: RegExp } = {}): Map<string, string> {
  const value = raw(name);
  const result = new Map<string, string>();
  if (value === undefined) return result;
  const keyPattern = options.keyPattern ?? /^[A-Za-z_][A-Za-z0-9_.-]*$/;
  value.split(/\r?\n/).forEach((line, index) => {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    const eq = trimmed.indexOf('=');
    if (eq <= 0) fail(name, `line ${index + 1}: expected KEY=value, got ${quote(trimmed)}`);
    const key = trimmed.slice(0, eq).trim();
    if (!keyPattern.test(key)) fail(name, `line ${index + 1}: ${quote(key)} is not a valid key`);
    result.set(key, trimmed.slice(eq + 1).trim());
  });
  return result;
}

/** Multiline `Name: value` header lines. */
export function headers(name: string): Record<string, string> {
  const value = raw(name);
  const result: Record<string, string> = {};
  if (value === undefined) return result;
  value.split(/\r?\n/).forEach((line, index) => {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    const colon = trimmed.indexOf(':');
    const key = colon > 0 ? trimmed.slice(0, colon).trim() : '';
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(key)) fail(name, `line ${index + 1}: expected "Name: value"`);
    result[key] = trimmed.slice(colon + 1).trim();
  });
  return result;
}

/** JSON or YAML text (YAML is a superset of JSON). */
export function structured(name: string): unknown {
  const value = raw(name);
  if (value === undefined) return undefined;
  try {
    return parseYaml(value, { prettyErrors: false });
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return fail(name, `is not valid YAML/JSON: ${reason}`);
  }
}

export function oneOf<const T extends string>(name: string, values: readonly T[], fallback: T): T;
export function oneOf<const T extends string>(name: string, values: readonly T[], fallback?: undefined): T | undefined;
export function oneOf<const T extends string>(name: string, values: readonly T[], fallback?: T): T | undefined {
  const value = raw(name);
  if (value === undefined) return fallback;
  const match = values.find((v) => v === value.toLowerCase() || v === value);
  if (match === undefined) fail(name, `must be one of ${values.join(', ')}, got ${quote(value)}`);
  return match;
}

/** Fails when more than one of the named inputs is set; returns the one that is set, if any. */
export function exclusive(...names: string[]): string | undefined {
  const set = names.filter((n) => raw(n) !== undefined);
  if (set.length > 1) {
    throw new ConfigurationError(`inputs ${set.map((n) => `'${n}'`).join(' and ')} cannot be used together`);
  }
  return set[0];
}

/** An absolute http(s) URL. */
export function httpUrl(name: string, options: { required: true }): string;
export function httpUrl(name: string, options?: { required?: boolean }): string | undefined;
export function httpUrl(name: string, options: { required?: boolean } = {}): string | undefined {
  const value = options.required ? required(name) : raw(name);
  if (value === undefined) return undefined;
  let protocol = '';
  try {
    protocol = new URL(value).protocol;
  } catch {
    // reported below
  }
  if (protocol !== 'http:' && protocol !== 'https:') fail(name, `must be an http(s) URL, got ${quote(value)}`);
  return value;
}

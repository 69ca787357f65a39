import * as core from '@actions/core';
import { lstatSync, realpathSync, statSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { ConfigurationError } from './errors';

/**
 * Inputs that name files. A file the action reads or writes must be inside the workspace or RUNNER_TEMP (after
 * following links), so an input cannot make the action read /etc/passwd into a report or write over a file
 * elsewhere on the runner. Messages quote at most a short prefix of what the user gave, never a file's content.
 */

const MAX_SHOWN = 40;

/** A short, single-line prefix of text for messages: never more than `max` characters of it. */
export function shortPrefix(text: string, max = MAX_SHOWN): string {
  // eslint-disable-next-line no-control-regex -- control characters are replaced, not matched for meaning
  const flat = text.replace(/[\u0000-\u001f\u007f]/g, ' ');
  return JSON.stringify(flat.length > max ? `${flat.slice(0, max)}…` : flat);
}

export function workspaceRoot(): string {
  return process.env.GITHUB_WORKSPACE ?? process.cwd();
}

function roots(): string[] {
  const list = [workspaceRoot(), process.env.RUNNER_TEMP].filter((r): r is string => !!r);
  return list.map((root) => {
    try {
      return realpathSync(root);
    } catch {
      return resolve(root);
    }
  });
}

function inside(path: string, root: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

const where = (): string => (process.env.RUNNER_TEMP ? 'the workspace or RUNNER_TEMP' : 'the workspace');

/** The real path of the nearest existing ancestor, with the missing rest appended (for files not yet written). */
function realOrPlanned(path: string): string {
  let existing = path;
  const missing: string[] = [];
  for (;;) {
    try {
      return resolve(realpathSync(existing), ...missing);
    } catch {
      const parent = dirname(existing);
      if (parent === existing) return path;
      missing.unshift(existing.slice(parent.length + 1));
      existing = parent;
    }
  }
}

/**
 * Reads an input naming an existing regular file the action reads; relative paths are relative to the workspace.
 * Returns the resolved path, or undefined when the input is empty.
 */
export function inputFile(name: string): string | undefined {
  const value = core.getInput(name, { trimWhitespace: true });
  if (value === '') return undefined;
  return checkedInputFile(name, value);
}

export function checkedInputFile(name: string, value: string): string {
  const path = resolve(workspaceRoot(), value);
  let real: string;
  try {
    real = realpathSync(path);
  } catch {
    throw new ConfigurationError(`input '${name}' names a file that does not exist: ${shortPrefix(value)}`);
  }
  if (!roots().some((root) => inside(real, root))) {
    throw new ConfigurationError(`input '${name}' must name a file inside ${where()}, got ${shortPrefix(value)}`);
  }
  if (!statSync(real).isFile()) {
    throw new ConfigurationError(`input '${name}' must name a regular file, got ${shortPrefix(value)}`);
  }
  return path;
}

/**
 * Reads an input naming a file the action writes (or `fallback`, relative to the workspace, when empty): it must
 * resolve inside the workspace or RUNNER_TEMP, and must not be an existing directory, link or device.
 */
export function outputFile(name: string, fallback: string): string {
  const value = core.getInput(name, { trimWhitespace: true }) || fallback;
  const path = resolve(workspaceRoot(), value);
  if (!roots().some((root) => inside(realOrPlanned(path), root))) {
    throw new ConfigurationError(`input '${name}' must be a path inside ${where()}, got ${shortPrefix(value)}`);
  }
  let existing: ReturnType<typeof lstatSync> | undefined;
  try {
    existing = lstatSync(path);
  } catch {
    existing = undefined;
  }
  if (existing && !existing.isFile()) {
    throw new ConfigurationError(`input '${name}' names something that is not a regular file: ${shortPrefix(value)}`);
  }
  return path;
}

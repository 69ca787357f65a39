import * as core from '@actions/core';

/** State shared between an action's main and post steps (JSON-encoded). */
export function saveState(key: string, value: unknown): void {
  core.saveState(key, JSON.stringify(value));
}

export function getState<T>(key: string): T | undefined {
  const text = core.getState(key);
  if (text === '') return undefined;
  return JSON.parse(text) as T;
}

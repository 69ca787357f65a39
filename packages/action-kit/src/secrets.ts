import * as core from '@actions/core';

/** Registered secrets, longest first, so that a secret containing another is replaced whole. */
const registered: string[] = [];

function remember(value: string): void {
  if (value.length < 3 || registered.includes(value)) return;
  registered.push(value);
  registered.sort((a, b) => b.length - a.length);
  core.setSecret(value);
}

/**
 * Masks a value in the runner's log (`::add-mask::`) and remembers it, so that text we write ourselves
 * (summaries, reports, error messages) is redacted too: the runner only masks its own log.
 */
export function registerSecret(value: string | undefined): void {
  if (value === undefined) return;
  const trimmed = value.trim();
  remember(trimmed);
  // Multi-line secrets are masked line by line by the runner; do the same so each line is hidden.
  for (const line of trimmed.split(/\r?\n/)) remember(line.trim());
}

/** Replaces every registered secret in `text` with `***`. */
export function redact(text: string): string {
  let out = text;
  for (const secret of registered) {
    if (out.includes(secret)) out = out.split(secret).join('***');
  }
  return out;
}

/** For tests only: forget registered secrets between cases. */
export function clearSecretsForTest(): void {
  registered.length = 0;
}

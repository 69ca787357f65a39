import * as core from '@actions/core';

const registered = new Set<string>();

/**
 * Masks a value in the runner's log (`::add-mask::`) and remembers it, so that text we write ourselves
 * (summaries, reports, error messages) is redacted too: the runner only masks its own log.
 */
export function registerSecret(value: string | undefined): void {
  if (value === undefined) return;
  const trimmed = value.trim();
  if (trimmed.length < 3 || registered.has(trimmed)) return;
  registered.add(trimmed);
  core.setSecret(trimmed);
  // Multi-line secrets are masked line by line by the runner; do the same so each line is hidden.
  for (const line of trimmed.split(/\r?\n/)) {
    const l = line.trim();
    if (l.length >= 3 && !registered.has(l)) {
      registered.add(l);
      core.setSecret(l);
    }
  }
}

/** Replaces every registered secret in `text` with `***`. */
export function redact(text: string): string {
  let out = text;
  const byLength = [...registered].sort((a, b) => b.length - a.length);
  for (const secret of byLength) {
    if (out.includes(secret)) out = out.split(secret).join('***');
  }
  return out;
}

/** For tests only: forget registered secrets between cases. */
export function clearSecretsForTest(): void {
  registered.clear();
}

import * as core from '@actions/core';

/** Registered secrets, longest first, so that a secret containing another is replaced whole. */
const registered: string[] = [];

function remember(value: string): void {
  if (value.length < 3 || registered.includes(value)) return;
  registered.push(value);
  registered.sort((a, b) => b.length - a.length);
  core.setSecret(value);
}

/** The shortest encoded slice worth masking: shorter ones would hide ordinary text. */
const MIN_ENCODED = 8;

/**
 * The forms a secret takes when a tool encodes it: base64 and base64url, alone or inside a longer encoded string
 * (an `Authorization: Basic` header encodes `user:token`, so the token starts at any of three byte offsets and only
 * the groups made of its own bytes are fixed), and URL encoding (percent-encoding and form encoding).
 */
export function encodedForms(secret: string): string[] {
  const bytes = Buffer.from(secret, 'utf8');
  const forms = new Set<string>([
    bytes.toString('base64'),
    bytes.toString('base64url'),
    encodeURIComponent(secret),
    new URLSearchParams({ s: secret }).toString().slice(2),
  ]);
  for (const offset of [0, 1, 2]) {
    const shifted = Buffer.concat([Buffer.alloc(offset), bytes]);
    const first = offset > 0 ? 1 : 0;
    const last = Math.floor(shifted.length / 3);
    for (const alphabet of ['base64', 'base64url'] as const) {
      const slice = shifted.toString(alphabet).slice(first * 4, last * 4);
      if (slice.length >= MIN_ENCODED) forms.add(slice);
    }
  }
  forms.delete(secret);
  return [...forms].filter((form) => form.length >= 3);
}

/**
 * Masks a value in the runner's log (`::add-mask::`) and remembers it, so that text we write ourselves
 * (summaries, reports, error messages) is redacted too: the runner only masks its own log. Its base64 and
 * URL-encoded forms are masked and redacted as well.
 */
export function registerSecret(value: string | undefined): void {
  if (value === undefined) return;
  const trimmed = value.trim();
  // Multi-line secrets are masked line by line by the runner; do the same so each line is hidden.
  for (const part of new Set([trimmed, ...trimmed.split(/\r?\n/).map((line) => line.trim())])) {
    if (part.length < 3) continue;
    remember(part);
    for (const form of encodedForms(part)) remember(form);
  }
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

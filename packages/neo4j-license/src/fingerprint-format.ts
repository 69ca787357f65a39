// Apart from fingerprint.ts so that reading inputs does not load the SSM client.

export const SAFE_PATH = /^\/[A-Za-z0-9._/-]+$/;

/** The digest in lower case when `value` is exactly 64 hexadecimal characters (surrounding space allowed). */
export function normaliseFingerprint(value: string): string | undefined {
  const trimmed = value.trim();
  return /^[0-9a-f]{64}$/i.test(trimmed) ? trimmed.toLowerCase() : undefined;
}

export type HttpFailureKind =
  'timeout' | 'refused' | 'reset' | 'dns' | 'tls' | 'aborted' | 'too-many-redirects' | 'other';

/** A request that got no HTTP response. HTTP error statuses are responses, not HttpFailures. */
export class HttpFailure extends Error {
  override readonly name = 'HttpFailure';
  constructor(
    readonly kind: HttpFailureKind,
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

const DESCRIPTIONS: Partial<Record<string, [HttpFailureKind, string]>> = {
  ECONNREFUSED: ['refused', 'connection refused'],
  ECONNRESET: ['reset', 'connection reset'],
  EPIPE: ['reset', 'connection closed'],
  ENOTFOUND: ['dns', 'host not found'],
  EAI_AGAIN: ['dns', 'DNS lookup failed'],
  EHOSTUNREACH: ['refused', 'host unreachable'],
  ETIMEDOUT: ['timeout', 'connection timed out'],
};

export function toHttpFailure(error: unknown): HttpFailure {
  if (error instanceof HttpFailure) return error;
  const e = error as { code?: string; message?: string };
  const code = typeof e?.code === 'string' ? e.code : undefined;
  const known = code ? DESCRIPTIONS[code] : undefined;
  if (known) return new HttpFailure(known[0], known[1], code);
  if (
    code &&
    (/^ERR_TLS|^ERR_SSL|CERT|^DEPTH_ZERO|^SELF_SIGNED/.test(code) || code === 'UNABLE_TO_VERIFY_LEAF_SIGNATURE')
  ) {
    return new HttpFailure('tls', `TLS failure: ${e.message ?? code}`, code);
  }
  return new HttpFailure('other', e?.message ?? String(error), code);
}

/** Failures worth another attempt (the server may be starting, restarting or briefly overloaded). */
export function isTransient(failure: HttpFailure): boolean {
  return failure.kind === 'refused' || failure.kind === 'reset' || failure.kind === 'timeout' || failure.kind === 'dns';
}

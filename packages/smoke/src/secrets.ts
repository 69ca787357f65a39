/** What counts as a credential: header and variable names, and how values are hidden in our own reports. */

const SECRET_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'x-client-api-key']);
const SECRET_WORDS = /token|passw|pwd|secret|key|auth|session|cookie|credential|signature|private|bearer|jwt/i;

export function isSecretName(name: string): boolean {
  return SECRET_HEADERS.has(name.toLowerCase()) || SECRET_WORDS.test(name);
}

/** Header values with secret-looking names replaced by `***`. */
export function maskHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) out[name] = isSecretName(name) ? '***' : value;
  return out;
}

function maskJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskJson);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [
        k,
        isSecretName(k) && v !== null && typeof v !== 'object' ? '***' : maskJson(v),
      ]),
    );
  }
  return value;
}

/** A JSON body with the values of secret-named fields (token, password, ...) replaced; other text unchanged. */
export function maskJsonBody(body: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body) as unknown;
  } catch {
    return body;
  }
  return parsed !== null && typeof parsed === 'object' ? JSON.stringify(maskJson(parsed)) : body;
}

/** A per-run set of secret values, applied to everything the engine reports (on top of the action kit's). */
export class Redactor {
  private readonly values = new Set<string>();

  add(value: string | undefined): void {
    if (value === undefined) return;
    const trimmed = value.trim();
    if (trimmed.length < 3) return;
    this.values.add(trimmed);
    // A bearer header value is also registered without its scheme, and a basic one by its encoded part.
    const scheme = /^(bearer|basic|token)\s+(\S{3,})$/i.exec(trimmed);
    if (scheme?.[2]) this.values.add(scheme[2]);
  }

  all(): string[] {
    return [...this.values];
  }

  redact(text: string): string {
    let out = text;
    for (const secret of [...this.values].sort((a, b) => b.length - a.length)) {
      if (out.includes(secret)) out = out.split(secret).join('***');
    }
    return out;
  }
}

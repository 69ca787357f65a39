import type { Scope } from './template';
import { interpolate, interpolateJson } from './template';
import { isSecretName, type Redactor } from './secrets';
import type { Check } from './types';

export interface BuiltRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

function hasHeader(headers: Record<string, string>, name: string): boolean {
  return Object.keys(headers).some((h) => h.toLowerCase() === name.toLowerCase());
}

/**
 * Turns a check into the request to send: references filled in, base URL joined, shared headers under the
 * check's own, auth applied. Every credential-looking value is handed to the redactor before anything is sent.
 */
export function buildRequest(
  check: Check,
  scope: Scope,
  baseUrl: string | undefined,
  sharedHeaders: Record<string, string>,
  secrets: Redactor,
): BuiltRequest {
  const fill = (text: string): string => interpolate(text, scope);
  let url =
    check.url !== undefined ? fill(check.url) : `${(baseUrl ?? '').replace(/\/+$/, '')}${fill(check.path ?? '/')}`;
  const query = Object.entries(check.query);
  if (query.length > 0) {
    const parsed = new URL(url);
    for (const [k, v] of query) {
      const value = fill(v);
      parsed.searchParams.append(k, value);
      if (isSecretName(k)) secrets.add(value);
    }
    url = parsed.toString();
  }

  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(sharedHeaders)) {
    if (!hasHeader(check.headers, name)) headers[name] = value;
  }
  for (const [name, value] of Object.entries(check.headers)) headers[name] = fill(value);

  let body: string | undefined;
  if (check.body && 'json' in check.body) {
    body = JSON.stringify(interpolateJson(check.body.json, scope));
    if (!hasHeader(headers, 'content-type')) headers['content-type'] = 'application/json';
  } else if (check.body) body = fill(check.body.text);

  const auth = check.auth;
  if (auth && 'bearer' in auth) {
    const token = fill(auth.bearer);
    secrets.add(token);
    headers.authorization = `Bearer ${token}`;
  } else if (auth && 'basic' in auth) {
    const password = fill(auth.basic.password);
    secrets.add(password);
    const encoded = Buffer.from(`${fill(auth.basic.username)}:${password}`).toString('base64');
    secrets.add(encoded);
    headers.authorization = `Basic ${encoded}`;
  } else if (auth && 'header' in auth) {
    const value = fill(auth.header.value);
    secrets.add(value);
    headers[auth.header.name] = value;
  }
  if (!hasHeader(headers, 'accept')) headers.accept = 'application/json, text/plain;q=0.9, */*;q=0.8';
  if (!hasHeader(headers, 'user-agent')) headers['user-agent'] = 'credex-smoke-test';
  for (const [name, value] of Object.entries(headers)) if (isSecretName(name)) secrets.add(value);
  return { method: check.method, url, headers, body };
}

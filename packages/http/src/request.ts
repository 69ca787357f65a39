import http from 'node:http';
import https from 'node:https';
import type { TLSSocket, PeerCertificate } from 'node:tls';
import { HttpFailure, toHttpFailure } from './errors';

export interface HttpRequest {
  url: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  /** Whole request, connect to last byte. */
  timeoutMs?: number;
  /** Follow 301/302/303/307/308 up to this many times (0 = do not follow). */
  maxRedirects?: number;
  /** Verify the server's certificate (default true). When false the certificate is still reported. */
  rejectUnauthorized?: boolean;
  /** Extra CA certificates (PEM). */
  ca?: string | string[];
  /** Bodies beyond this are cut (default 1 MiB); `truncated` says so. */
  maxBodyBytes?: number;
  signal?: AbortSignal;
  agent?: { http?: http.Agent; https?: https.Agent };
}

export interface TlsFacts {
  authorized: boolean;
  authorizationError?: string;
  subject?: string;
  issuer?: string;
  validFrom?: string;
  validTo?: string;
  daysRemaining?: number;
}

export interface HttpResponse {
  status: number;
  statusText: string;
  /** Lower-cased names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  body: string;
  truncated: boolean;
  durationMs: number;
  /** The URL that answered (after redirects). */
  url: string;
  redirects: string[];
  tls?: TlsFacts;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

function tlsFacts(socket: TLSSocket, now: number): TlsFacts {
  const cert: PeerCertificate | undefined = socket.getPeerCertificate?.();
  const facts: TlsFacts = {
    authorized: socket.authorized,
    authorizationError: socket.authorizationError ? String(socket.authorizationError) : undefined,
  };
  if (cert && Object.keys(cert).length > 0) {
    const name = (value: string | string[] | undefined): string | undefined =>
      Array.isArray(value) ? value[0] : value;
    facts.subject = name(cert.subject?.CN);
    facts.issuer = name(cert.issuer?.CN);
    facts.validFrom = cert.valid_from;
    facts.validTo = cert.valid_to;
    const expires = Date.parse(cert.valid_to);
    if (Number.isFinite(expires)) facts.daysRemaining = (expires - now) / 86_400_000;
  }
  return facts;
}

function once(request: HttpRequest, url: URL, deadline: number): Promise<Omit<HttpResponse, 'redirects' | 'url'>> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const isHttps = url.protocol === 'https:';
    const transport = isHttps ? https : http;
    const remaining = Math.max(1, deadline - Date.now());
    const options: https.RequestOptions = {
      method: request.method ?? 'GET',
      headers: request.headers,
      signal: request.signal,
      agent: isHttps ? request.agent?.https : request.agent?.http,
    };
    if (isHttps) {
      options.rejectUnauthorized = request.rejectUnauthorized ?? true;
      if (request.ca) options.ca = request.ca;
    }
    let tls: TlsFacts | undefined;
    const req = transport.request(url, options, (res) => {
      if (isHttps) tls = tlsFacts(res.socket as TLSSocket, Date.now());
      const limit = request.maxBodyBytes ?? 1024 * 1024;
      const chunks: Buffer[] = [];
      let size = 0;
      let truncated = false;
      res.on('data', (chunk: Buffer) => {
        if (size < limit) chunks.push(chunk.subarray(0, limit - size));
        if (size + chunk.length > limit) truncated = true;
        size += chunk.length;
      });
      res.on('end', () => {
        clearTimeout(timer);
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(res.headers)) {
          if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
        }
        resolve({
          status: res.statusCode ?? 0,
          statusText: res.statusMessage ?? '',
          headers,
          body: Buffer.concat(chunks).toString('utf8'),
          truncated,
          durationMs: performance.now() - started,
          tls,
        });
      });
      res.on('error', (error) => {
        clearTimeout(timer);
        reject(toHttpFailure(error));
      });
    });
    const timer = setTimeout(() => {
      req.destroy(
        new HttpFailure('timeout', `no complete response within ${request.timeoutMs ?? 30_000} ms`, 'TIMEOUT'),
      );
    }, remaining);
    req.on('error', (error) => {
      clearTimeout(timer);
      if (request.signal?.aborted) reject(new HttpFailure('aborted', 'request aborted', 'ABORTED'));
      else reject(toHttpFailure(error));
    });
    if (request.body !== undefined) req.write(request.body);
    req.end();
  });
}

/** One HTTP exchange (following redirects if asked) with a deadline for the whole of it. */
export async function httpRequest(request: HttpRequest): Promise<HttpResponse> {
  const deadline = Date.now() + (request.timeoutMs ?? 30_000);
  let url = new URL(request.url);
  const redirects: string[] = [];
  let current = request;
  for (;;) {
    const response = await once(current, url, deadline);
    const location = response.headers.location;
    if (!REDIRECTS.has(response.status) || !location || (request.maxRedirects ?? 0) === 0) {
      return { ...response, url: url.toString(), redirects };
    }
    if (redirects.length >= (request.maxRedirects ?? 0)) {
      throw new HttpFailure('too-many-redirects', `more than ${request.maxRedirects} redirects`, 'REDIRECTS');
    }
    redirects.push(url.toString());
    url = new URL(location, url);
    if (
      response.status === 303 ||
      ((response.status === 301 || response.status === 302) && current.method === 'POST')
    ) {
      current = { ...current, method: 'GET', body: undefined };
    }
  }
}

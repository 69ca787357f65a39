import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { generate } from 'selfsigned';
import { httpRequest, withRetries, HttpFailure, RetriesExhausted } from '@credex/http';
import { freePort } from '../../../test/target-app';

function listen(server: http.Server | https.Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

function close(server: http.Server | https.Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

describe('httpRequest over plain HTTP', () => {
  let server: http.Server;
  let base: string;
  const seen: { method?: string; body: string; headers: http.IncomingHttpHeaders }[] = [];

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        seen.push({ method: req.method, body, headers: req.headers });
        if (req.url === '/health') {
          res.writeHead(200, { 'content-type': 'application/json', 'x-request-id': 'abc' });
          res.end('{"status":"healthy"}');
        } else if (req.url === '/moved') {
          res.writeHead(302, { location: '/health' });
          res.end();
        } else if (req.url === '/loop') {
          res.writeHead(301, { location: '/loop' });
          res.end();
        } else if (req.url === '/slow') {
          setTimeout(() => res.end('late'), 2_000);
        } else if (req.url === '/big') {
          res.end('x'.repeat(5_000));
        } else {
          res.writeHead(404);
          res.end('nope');
        }
      });
    });
    base = `http://127.0.0.1:${await listen(server)}`;
  });
  afterAll(() => close(server));

  test('returns status, lower-cased headers, body and a duration', async () => {
    const response = await httpRequest({ url: `${base}/health`, timeoutMs: 5_000 });
    expect(response.status).toBe(200);
    expect(response.headers['x-request-id']).toBe('abc');
    expect(JSON.parse(response.body)).toEqual({ status: 'healthy' });
    expect(response.durationMs).toBeGreaterThan(0);
    expect(response.tls).toBeUndefined();
  });

  test('sends method, headers and body', async () => {
    await httpRequest({ url: `${base}/v1/login`, method: 'POST', headers: { 'x-test': '1' }, body: '{"a":1}' });
    expect(seen.at(-1)).toMatchObject({ method: 'POST', body: '{"a":1}', headers: { 'x-test': '1' } });
  });

  test('does not follow redirects unless asked, then records them', async () => {
    expect((await httpRequest({ url: `${base}/moved` })).status).toBe(302);
    const followed = await httpRequest({ url: `${base}/moved`, maxRedirects: 3 });
    expect(followed.status).toBe(200);
    expect(followed.redirects).toEqual([`${base}/moved`]);
    await expect(httpRequest({ url: `${base}/loop`, maxRedirects: 2 })).rejects.toMatchObject({
      kind: 'too-many-redirects',
    });
  });

  test('a deadline covers the whole exchange', async () => {
    const started = Date.now();
    await expect(httpRequest({ url: `${base}/slow`, timeoutMs: 300 })).rejects.toMatchObject({ kind: 'timeout' });
    expect(Date.now() - started).toBeLessThan(1_900);
  });

  test('cuts bodies beyond the limit and says so', async () => {
    const response = await httpRequest({ url: `${base}/big`, maxBodyBytes: 100 });
    expect(response.body).toHaveLength(100);
    expect(response.truncated).toBe(true);
  });

  test('a closed port is "connection refused"', async () => {
    const port = await freePort();
    await expect(httpRequest({ url: `http://127.0.0.1:${port}/` })).rejects.toMatchObject({
      kind: 'refused',
      message: 'connection refused',
    });
  });
});

describe('httpRequest over TLS', () => {
  let valid: https.Server;
  let expiring: https.Server;
  let ca: string;

  beforeAll(async () => {
    const now = new Date();
    const inDays = (d: number): Date => new Date(now.getTime() + d * 86_400_000);
    const attrs = [{ name: 'commonName', value: '127.0.0.1' }];
    const extensions = [{ name: 'subjectAltName' as const, altNames: [{ type: 7 as const, ip: '127.0.0.1' }] }];
    const longLived = await generate(attrs, { notBeforeDate: inDays(-1), notAfterDate: inDays(200), extensions });
    const shortLived = await generate(attrs, { notBeforeDate: inDays(-1), notAfterDate: inDays(3), extensions });
    ca = longLived.cert;
    const handler = (_req: http.IncomingMessage, res: http.ServerResponse): void => void res.end('ok');
    valid = https.createServer({ key: longLived.private, cert: longLived.cert }, handler);
    expiring = https.createServer({ key: shortLived.private, cert: shortLived.cert }, handler);
    await Promise.all([listen(valid), listen(expiring)]);
  });
  afterAll(() => Promise.all([close(valid), close(expiring)]));

  const url = (server: https.Server): string => `https://127.0.0.1:${(server.address() as AddressInfo).port}/`;

  test('reports the certificate and days remaining when trusted', async () => {
    const response = await httpRequest({ url: url(valid), ca });
    expect(response.tls).toMatchObject({ authorized: true, subject: '127.0.0.1' });
    expect(response.tls!.daysRemaining).toBeGreaterThan(199);
    expect(response.tls!.daysRemaining).toBeLessThan(201);
  });

  test('an untrusted certificate is a TLS failure unless verification is off', async () => {
    await expect(httpRequest({ url: url(expiring) })).rejects.toMatchObject({ kind: 'tls' });
    const response = await httpRequest({ url: url(expiring), rejectUnauthorized: false });
    expect(response.tls!.authorized).toBe(false);
    expect(response.tls!.daysRemaining).toBeLessThan(3.01);
  });
});

describe('withRetries', () => {
  test('retries transient failures, then reports attempts and time', async () => {
    const port = await freePort();
    const error = await withRetries(() => httpRequest({ url: `http://127.0.0.1:${port}/` }), {
      retries: 2,
      delayMs: 10,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetriesExhausted);
    expect((error as Error).message).toMatch(/^connection refused after 3 attempts over \d+\.\d s$/);
  });

  test('does not retry failures that are not transient', async () => {
    let calls = 0;
    await expect(
      withRetries(
        () => {
          calls++;
          return Promise.reject(new HttpFailure('tls', 'bad certificate'));
        },
        { retries: 5, delayMs: 1 },
      ),
    ).rejects.toMatchObject({ attempts: 1 });
    expect(calls).toBe(1);
  });

  test('retries unwanted results and returns the last one', async () => {
    let calls = 0;
    const result = await withRetries(() => Promise.resolve(++calls), {
      retries: 3,
      delayMs: 1,
      retryResult: (v) => (v as number) < 3,
    });
    expect(result).toMatchObject({ value: 3, attempts: 3 });
  });

  test('a server that comes up late is reached', async () => {
    const port = await freePort();
    const late = http.createServer((_q, r) => r.end('up'));
    setTimeout(() => late.listen(port, '127.0.0.1'), 300);
    const result = await withRetries(() => httpRequest({ url: `http://127.0.0.1:${port}/` }), {
      retries: 20,
      delayMs: 50,
      factor: 1,
    });
    expect(result.value.body).toBe('up');
    expect(result.attempts).toBeGreaterThan(1);
    await close(late);
  });
});

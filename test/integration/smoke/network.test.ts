import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { generate } from 'selfsigned';
import { parseChecks, parseChecksText, runChecks } from '@credex/smoke';
import { freePort, startTargetApp, type TargetApp } from '../../target-app';

// Loopback servers only: a port nobody listens on, a server that comes up late, HTTPS apps with certificates made
// here, and a small server that records when each request started and ended.

describe('wait-for and connection failures', () => {
  test('waits for a service that refuses connections at first, then runs the rest', async () => {
    const app = await startTargetApp({ downForMs: 1200 });
    try {
      const suite = parseChecksText(
        `
- { name: version, path: /health }
- { name: health, path: /health, wait: true, expect: { json: { $.status: healthy } } }
`,
        'w.yml',
      );
      const result = await runChecks(suite, { baseUrl: app.url, waitForMs: 15_000 });
      expect(result.results.map((r) => [r.name, r.outcome])).toEqual([
        ['version', 'passed'],
        ['health', 'passed'],
      ]);
      expect(result.results[1]!.attempts).toBeGreaterThan(1);
      // The wait check ran (and passed) before the other one was sent.
      expect(app.stats.requests.map((r) => r.path)).toEqual(['/health', '/health']);
    } finally {
      await app.close();
    }
  });

  test('gives up after wait-for and says how long it tried', async () => {
    const port = await freePort();
    const suite = parseChecksText(
      '- { name: health, path: /health, wait: true }\n- { name: other, path: /x }',
      'w.yml',
    );
    const result = await runChecks(suite, { baseUrl: `http://127.0.0.1:${port}`, waitForMs: 1500 });
    const [health, other] = result.results;
    expect(health!.outcome).toBe('failed');
    expect(health!.failures[0]).toMatch(/^connection refused after \d+ attempts over 1(\.\d)? s$/);
    expect(health!.failures[1]).toMatch(/^did not pass within wait-for 1\.5 s \(\d+ attempts\)$/);
    expect(other).toMatchObject({ outcome: 'skipped', failures: ["not run: 'health' did not pass within wait-for"] });
    expect(result).toMatchObject({ passed: false, failed: 1, skipped: 1 });
  });

  test('retries a refused connection and reports the attempts', async () => {
    const port = await freePort();
    const suite = parseChecks([{ name: 'down', url: `http://127.0.0.1:${port}/health` }], 'r');
    const result = await runChecks(suite, { defaults: { retries: 2, retryDelayMs: 100 } });
    expect(result.results[0]!.failures).toEqual(['connection refused after 3 attempts over 0.3 s']);
    expect(result.results[0]!.attempts).toBe(3);
  });

  test('a request that outlives its timeout fails with the limit', async () => {
    const app = await startTargetApp();
    try {
      const suite = parseChecks([{ name: 'slow', path: '/v1/slow?ms=3000', timeout: '300ms' }], 't');
      const result = await runChecks(suite, { baseUrl: app.url });
      expect(result.results[0]!.failures).toEqual(['no complete response within 300 ms']);
    } finally {
      await app.close();
    }
  });
});

describe('TLS certificates', () => {
  let valid: TargetApp;
  let expiring: TargetApp;
  let ca: string[];

  beforeAll(async () => {
    const now = Date.now();
    const inDays = (d: number): Date => new Date(now + d * 86_400_000);
    const attrs = [{ name: 'commonName', value: '127.0.0.1' }];
    const extensions = [{ name: 'subjectAltName' as const, altNames: [{ type: 7 as const, ip: '127.0.0.1' }] }];
    const long = await generate(attrs, { notBeforeDate: inDays(-1), notAfterDate: inDays(200), extensions });
    const short = await generate([{ name: 'commonName', value: 'expiring.test' }], {
      notBeforeDate: inDays(-1),
      notAfterDate: inDays(3),
      extensions,
    });
    valid = await startTargetApp({ tls: { key: long.private, cert: long.cert } });
    expiring = await startTargetApp({ tls: { key: short.private, cert: short.cert } });
    ca = [long.cert, short.cert];
  });
  afterAll(() => Promise.all([valid.close(), expiring.close()]));

  const tlsCheck = (url: string) =>
    parseChecks([{ name: 'tls', url: `${url}/health`, expect: { tls: { 'min-days': 14 } } }], 't');

  test('a trusted certificate far from expiry passes', async () => {
    const result = await runChecks(tlsCheck(valid.url), { ca });
    expect(result.results[0]).toMatchObject({ outcome: 'passed', tls: { authorized: true, daysRemaining: 200 } });
  });

  test('a certificate expiring in 3 days fails the min-days check', async () => {
    const result = await runChecks(tlsCheck(expiring.url), { ca });
    expect(result.results[0]!.failures).toHaveLength(1);
    expect(result.results[0]!.failures[0]).toMatch(/^certificate expires in 3 days \(.+ GMT\), expected more than 14$/);
  });

  test('an untrusted certificate fails with the reason', async () => {
    const withExpectation = await runChecks(tlsCheck(valid.url));
    expect(withExpectation.results[0]!.failures[0]).toMatch(/^certificate is not trusted: \w+/);
    const plain = await runChecks(parseChecks([{ name: 'plain', url: `${valid.url}/health` }], 'p'));
    expect(plain.results[0]!.failures[0]).toMatch(/^TLS failure: /);
  });
});

describe('ordering, concurrency and pacing', () => {
  let server: http.Server;
  let base: string;
  let inFlight = 0;
  let maxInFlight = 0;
  const log: { path: string; start: number; end: number; arrived: number; answered: number }[] = [];
  let events = 0; // arrivals and answers in the order the server saw them

  // Responses are held until `holdUntil` requests are in flight together (or a fallback passes), so what the
  // assertions see depends on how many requests the engine sends at once, not on how busy the machine is.
  let holdUntil = 1;
  let waiting: (() => void)[] = [];
  const releaseAll = (): void => {
    const ready = waiting;
    waiting = [];
    for (const release of ready) release();
  };

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const start = Date.now();
      const arrived = ++events;
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      const respond = (): void => {
        inFlight--;
        log.push({ path: req.url ?? '', start, end: Date.now(), arrived, answered: ++events });
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ id: `id-${req.url?.slice(1)}` }));
      };
      waiting.push(respond);
      if (inFlight >= holdUntil) releaseAll();
      else setTimeout(releaseAll, 1500).unref();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => {
    maxInFlight = 0;
    log.length = 0;
    holdUntil = 1;
  });

  const independent = parseChecks(
    Array.from({ length: 8 }, (_, i) => ({ name: `c${i}`, path: `/c${i}` })),
    'eight',
  );

  test.each([1, 4])('concurrency %i keeps at most that many requests in flight', async (concurrency) => {
    holdUntil = concurrency;
    const result = await runChecks(independent, { baseUrl: base, concurrency });
    expect(result.passed).toBe(true);
    expect(maxInFlight).toBe(concurrency);
    expect(result.results.map((r) => r.name)).toEqual(['c0', 'c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7']);
  });

  test('a check that uses a capture starts only after the check that captures it', async () => {
    const suite = parseChecks(
      [
        { name: 'first', path: '/first', capture: { id: '$.id' } },
        { name: 'other', path: '/other' },
        { name: 'second', path: '/second/${id}' },
        { name: 'third', path: '/third' },
      ],
      'dep',
    );
    holdUntil = 3; // first, other and third are independent: they are in flight together before any answer
    const result = await runChecks(suite, { baseUrl: base, concurrency: 4 });
    expect(result.passed).toBe(true);
    const at = (path: string) => log.find((l) => l.path === path)!;
    expect(at('/second/id-first').arrived).toBeGreaterThan(at('/first').answered);
    // Independent checks did not wait for the chain.
    expect(at('/other').arrived).toBeLessThan(at('/first').answered);
    expect(at('/third').arrived).toBeLessThan(at('/first').answered);
  });

  test('requests per minute spaces request starts', async () => {
    const result = await runChecks(independent, { baseUrl: base, concurrency: 8, requestsPerMinute: 1200 });
    expect(result.passed).toBe(true);
    const starts = log.map((l) => l.start).sort((a, b) => a - b);
    // 8 starts 50 ms apart span 350 ms (a busy machine only spreads them further); allow for connection set-up
    // jitter on the server's clock.
    expect(starts.at(-1)! - starts[0]!).toBeGreaterThanOrEqual(300);
  });
});

import { get as httpsGet } from 'node:https';
import { generate } from 'selfsigned';
import { DEFAULT_API_KEY, spawnTargetApp, startTargetApp, type TargetApp } from '../target-app';

const MEMBER = { phone: '+27820000001', password: 'correct-horse' };

function post(app: TargetApp, path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${app.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

async function login(app: TargetApp): Promise<string> {
  const response = await post(app, '/v1/login', MEMBER, { 'x-client-api-key': DEFAULT_API_KEY });
  expect(response.status).toBe(200);
  return ((await response.json()) as { token: string }).token;
}

describe('target app', () => {
  let app: TargetApp;
  beforeAll(async () => {
    app = await startTargetApp({ members: { [MEMBER.phone]: MEMBER.password } });
  });
  afterAll(() => app.close());
  beforeEach(() => app.reset());

  test('listens on a loopback port', () => {
    expect(app.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(app.port).toBeGreaterThan(0);
  });

  test('GET /health answers 200 {"status":"healthy"} with an X-Request-ID', async () => {
    const response = await fetch(`${app.url}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'healthy' });
    expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const again = await fetch(`${app.url}/health`);
    expect(again.headers.get('x-request-id')).not.toBe(response.headers.get('x-request-id'));
    const echoed = await fetch(`${app.url}/health`, { headers: { 'x-request-id': 'req-123' } });
    expect(echoed.headers.get('x-request-id')).toBe('req-123');
  });

  test('HEAD /health has no body; POST /health is not allowed; unknown routes are 404', async () => {
    const head = await fetch(`${app.url}/health`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    expect((await fetch(`${app.url}/health`, { method: 'POST' })).status).toBe(405);
    expect((await fetch(`${app.url}/v1/nothingHere`, { method: 'POST' })).status).toBe(404);
  });

  describe('POST /v1/login', () => {
    test('needs the client API key', async () => {
      expect((await post(app, '/v1/login', MEMBER)).status).toBe(401);
      expect((await post(app, '/v1/login', MEMBER, { 'x-client-api-key': 'wrong' })).status).toBe(401);
    });

    test('refuses a wrong password and a missing field', async () => {
      const key = { 'x-client-api-key': DEFAULT_API_KEY };
      expect((await post(app, '/v1/login', { ...MEMBER, password: 'nope' }, key)).status).toBe(401);
      const missing = await post(app, '/v1/login', { phone: MEMBER.phone }, key);
      expect(missing.status).toBe(400);
      expect(await missing.json()).toEqual({ message: 'password is required' });
    });

    test('returns the token in JSON and as an Authorization: Bearer header', async () => {
      const response = await post(app, '/v1/login', MEMBER, { 'x-client-api-key': DEFAULT_API_KEY });
      expect(response.status).toBe(200);
      const body = (await response.json()) as { token: string; memberID: string };
      expect(body.token).toMatch(/^[\w-]{20,}$/);
      expect(response.headers.get('authorization')).toBe(`Bearer ${body.token}`);
    });

    test('rejects a body that is not JSON', async () => {
      const response = await fetch(`${app.url}/v1/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-client-api-key': DEFAULT_API_KEY },
        body: '{not json',
      });
      expect(response.status).toBe(400);
    });
  });

  describe('POST /v1/onboardMember', () => {
    const newcomer = { firstname: 'Ada', lastname: 'Lovelace', phone: '+27820000099', password: 'pw-ada-123' };
    const key = { 'x-client-api-key': DEFAULT_API_KEY };

    test('needs the API key, then creates a member who can log in', async () => {
      expect((await post(app, '/v1/onboardMember', newcomer)).status).toBe(401);
      const created = await post(app, '/v1/onboardMember', newcomer, key);
      expect(created.status).toBe(201);
      const body = (await created.json()) as { memberID: string; token: string };
      expect(created.headers.get('authorization')).toBe(`Bearer ${body.token}`);
      const loggedIn = await post(app, '/v1/login', { phone: newcomer.phone, password: newcomer.password }, key);
      expect(loggedIn.status).toBe(200);
      expect(((await loggedIn.json()) as { memberID: string }).memberID).toBe(body.memberID);
    });

    test('refuses a duplicate phone and a malformed one', async () => {
      expect((await post(app, '/v1/onboardMember', newcomer, key)).status).toBe(201);
      expect((await post(app, '/v1/onboardMember', newcomer, key)).status).toBe(409);
      expect((await post(app, '/v1/onboardMember', { ...newcomer, phone: '12ab' }, key)).status).toBe(400);
    });
  });

  describe('routes behind a Bearer token', () => {
    test('getMemberDashboardByPhone needs a valid token', async () => {
      const body = { phone: MEMBER.phone };
      expect((await post(app, '/v1/getMemberDashboardByPhone', body)).status).toBe(401);
      const forged = await post(app, '/v1/getMemberDashboardByPhone', body, { authorization: 'Bearer forged-token' });
      expect(forged.status).toBe(401);
      // The API key is not a token.
      const withKey = await post(app, '/v1/getMemberDashboardByPhone', body, { 'x-client-api-key': DEFAULT_API_KEY });
      expect(withKey.status).toBe(401);
    });

    test('getMemberDashboardByPhone answers with the member, 404 for an unknown phone', async () => {
      const authorization = `Bearer ${await login(app)}`;
      const found = await post(app, '/v1/getMemberDashboardByPhone', { phone: MEMBER.phone }, { authorization });
      expect(found.status).toBe(200);
      expect(await found.json()).toMatchObject({ firstname: 'Test', defaultDenom: 'USD' });
      const unknown = await post(app, '/v1/getMemberDashboardByPhone', { phone: '+27829999999' }, { authorization });
      expect(unknown.status).toBe(404);
    });

    test('tokens are forgotten by reset()', async () => {
      const authorization = `Bearer ${await login(app)}`;
      expect((await post(app, '/v1/getBalances', {}, { authorization })).status).toBe(200);
      app.reset();
      expect((await post(app, '/v1/getBalances', {}, { authorization })).status).toBe(401);
    });

    test('GET on a POST route is 405', async () => {
      expect((await fetch(`${app.url}/v1/getBalances`)).status).toBe(405);
    });
  });

  test('/v1/slow waits the given time; a client that gives up does not break the app', async () => {
    const started = Date.now();
    const response = await fetch(`${app.url}/v1/slow?ms=300`);
    expect(await response.json()).toEqual({ sleptMs: 300 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);

    await expect(fetch(`${app.url}/v1/slow?ms=5000`, { signal: AbortSignal.timeout(100) })).rejects.toThrow();
    expect((await fetch(`${app.url}/health`)).status).toBe(200);
  });

  test('/v1/flaky fails the first N calls per key, then succeeds', async () => {
    const statuses = async (key: string, n: number, query = ''): Promise<number[]> => {
      const result: number[] = [];
      for (let i = 0; i < n; i++) result.push((await fetch(`${app.url}/v1/flaky?key=${key}${query}`)).status);
      return result;
    };
    expect(await statuses('a', 4)).toEqual([503, 503, 200, 200]);
    expect(await statuses('b', 2)).toEqual([503, 503]);
    expect(await statuses('c', 3, '&failures=0')).toEqual([200, 200, 200]);
    app.reset();
    expect(await statuses('a', 1)).toEqual([503]);
  });

  test('/v1/error answers 500', async () => {
    const response = await fetch(`${app.url}/v1/error`);
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ message: 'Internal Server Error' });
  });

  test('/v1/redirect redirects to a path on the app', async () => {
    const response = await fetch(`${app.url}/v1/redirect?to=/health`, { redirect: 'manual' });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/health');
    const followed = await fetch(`${app.url}/v1/redirect?to=/health&status=307`);
    expect(followed.url).toBe(`${app.url}/health`);
    expect(await followed.json()).toEqual({ status: 'healthy' });
    expect((await fetch(`${app.url}/v1/redirect?to=http://example.invalid/`, { redirect: 'manual' })).status).toBe(400);
  });

  test('/v1/devadmin/* is forbidden and every hit is counted', async () => {
    expect(app.stats.devadminHits).toBe(0);
    expect((await post(app, '/v1/devadmin/clearDevDB', {})).status).toBe(403);
    expect((await fetch(`${app.url}/v1/devadmin/anything`)).status).toBe(403);
    expect(app.stats.devadminHits).toBe(2);
  });

  test('records every request with its status', async () => {
    await fetch(`${app.url}/health`);
    await fetch(`${app.url}/v1/error`);
    expect(app.stats.requests.map((r) => [r.method, r.path, r.status])).toEqual([
      ['GET', '/health', 200],
      ['GET', '/v1/error', 500],
    ]);
    expect(app.stats.hits('/health')).toBe(1);
    expect(app.stats.requests[0]!.ip).toMatch(/127\.0\.0\.1/);
  });
});

describe('target app options', () => {
  test('a per-IP rate limit answers 429 with Retry-After once the window is used up', async () => {
    const app = await startTargetApp({ rateLimit: { max: 5, windowMs: 400 } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 7; i++) statuses.push((await fetch(`${app.url}/health`)).status);
      expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
      const limited = await fetch(`${app.url}/health`);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      await new Promise((resolve) => setTimeout(resolve, 450));
      expect((await fetch(`${app.url}/health`)).status).toBe(200);
    } finally {
      await app.close();
    }
  });

  test('a custom API key replaces the default', async () => {
    const app = await startTargetApp({ apiKey: 'other-key', members: { [MEMBER.phone]: MEMBER.password } });
    try {
      expect((await post(app, '/v1/login', MEMBER, { 'x-client-api-key': DEFAULT_API_KEY })).status).toBe(401);
      expect((await post(app, '/v1/login', MEMBER, { 'x-client-api-key': 'other-key' })).status).toBe(200);
    } finally {
      await app.close();
    }
  });

  test('downForMs refuses connections until the time has passed', async () => {
    const app = await startTargetApp({ downForMs: 400 });
    try {
      await expect(fetch(`${app.url}/health`)).rejects.toMatchObject({ cause: { code: 'ECONNREFUSED' } });
      await app.ready;
      expect((await fetch(`${app.url}/health`)).status).toBe(200);
    } finally {
      await app.close();
    }
  });

  test('downFor(ms) takes a running app off the air, then brings it back on the same port', async () => {
    const app = await startTargetApp();
    try {
      const outage = app.downFor(300);
      await new Promise((resolve) => setTimeout(resolve, 50));
      await expect(fetch(`${app.url}/health`)).rejects.toMatchObject({ cause: { code: 'ECONNREFUSED' } });
      await outage;
      expect((await fetch(`${app.url}/health`)).status).toBe(200);
    } finally {
      await app.close();
    }
  });

  test('serves HTTPS with a certificate made in the test', async () => {
    const { cert, private: key } = await generate([{ name: 'commonName', value: '127.0.0.1' }], {
      extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] }],
    });
    const app = await startTargetApp({ tls: { key, cert } });
    try {
      expect(app.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      const body = await new Promise<string>((resolve, reject) => {
        httpsGet(`${app.url}/health`, { ca: cert }, (res) => {
          let text = '';
          res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
          res.on('end', () => resolve(text));
        }).on('error', reject);
      });
      expect(JSON.parse(body)).toEqual({ status: 'healthy' });
    } finally {
      await app.close();
    }
  });
});

describe('target app from the command line (npx tsx test/target-app/main.ts)', () => {
  test('prints its URL, serves the seeded member, and exits 0 on SIGTERM', async () => {
    const { url, child } = await spawnTargetApp([
      '--member',
      `${MEMBER.phone}=${MEMBER.password}`,
      '--api-key',
      'cli-key',
    ]);
    try {
      const app = { url } as TargetApp;
      expect((await post(app, '/v1/login', MEMBER, { 'x-client-api-key': 'cli-key' })).status).toBe(200);
      const exited = new Promise<number | null>((resolveExit) => child.once('exit', resolveExit));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});

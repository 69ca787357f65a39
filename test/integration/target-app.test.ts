import { get as httpsGet } from 'node:https';
import jwt from 'jsonwebtoken';
import { generate } from 'selfsigned';
import {
  DEFAULT_API_KEY,
  MAX_TOKEN_AGE_S,
  spawnTargetApp,
  startTargetApp,
  TOKEN_EXPIRATION_S,
  type TargetApp,
} from '../target-app';

// The target app must answer like credex-core at commit 9028233. Each block names the credex-core file the
// behaviour is read from (Great-Sun-Group/credex-core; GUIDE.md lists them).

const PHONE = '+27820000001';
const KEY = { 'x-client-api-key': DEFAULT_API_KEY };

function post(app: TargetApp, path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${app.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

async function login(app: TargetApp, phone = PHONE): Promise<string> {
  const response = await post(app, '/v1/login', { phone }, KEY);
  expect(response.status).toBe(200);
  return ((await response.json()) as { data: { token: string } }).data.token;
}

describe('credex-core surface (default: development, rate limit 30/min, auth after the routers)', () => {
  let app: TargetApp;
  beforeAll(async () => {
    app = await startTargetApp({ members: [PHONE], rateLimit: false });
  });
  afterAll(() => app.close());
  beforeEach(() => app.reset());

  describe('GET /health (src/index.ts, addRequestId in src/utils/logger.ts)', () => {
    test('200 {"status":"healthy"} with a fresh X-Request-ID on every answer (an incoming one is not echoed)', async () => {
      const first = await fetch(`${app.url}/health`);
      expect(first.status).toBe(200);
      expect(await first.json()).toEqual({ status: 'healthy' });
      expect(first.headers.get('x-request-id')).toMatch(
        /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      );
      const sent = await fetch(`${app.url}/health`, { headers: { 'x-request-id': 'mine-123' } });
      expect(sent.headers.get('x-request-id')).not.toBe('mine-123');
      expect(sent.headers.get('x-request-id')).not.toBe(first.headers.get('x-request-id'));
    });

    test('HEAD answers without a body; POST /health is no route, so the bearer check answers it', async () => {
      const head = await fetch(`${app.url}/health`, { method: 'HEAD' });
      expect(head.status).toBe(200);
      expect(await head.text()).toBe('');
      const posted = await fetch(`${app.url}/health`, { method: 'POST' });
      expect(posted.status).toBe(401);
      expect(await posted.json()).toEqual({ message: 'Authentication required' });
    });
  });

  describe('security headers and CORS (src/middleware/securityConfig.ts)', () => {
    test('helmet headers as configured, no X-Powered-By', async () => {
      const response = await fetch(`${app.url}/health`);
      expect(response.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains; preload');
      expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
      expect(response.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('x-powered-by')).toBeNull();
    });

    test('outside production any origin is allowed; in production an http origin or an IP is refused', async () => {
      const open = await fetch(`${app.url}/health`, { headers: { origin: 'http://10.0.0.5' } });
      expect(open.headers.get('access-control-allow-origin')).toBe('*');
      const production = await startTargetApp({ environment: 'production' });
      try {
        const https = await fetch(`${production.url}/health`, { headers: { origin: 'https://app.mycredex.app' } });
        expect(https.headers.get('access-control-allow-origin')).toBe('https://app.mycredex.app');
        expect((await fetch(`${production.url}/health`, { headers: { origin: 'http://example.com' } })).status).toBe(
          500,
        );
        expect((await fetch(`${production.url}/health`, { headers: { origin: 'https://10.0.0.5' } })).status).toBe(500);
        expect((await fetch(`${production.url}/health`)).status).toBe(200);
      } finally {
        await production.close();
      }
    });
  });

  describe('x-client-api-key (securityConfig.ts verifyClientApiKey)', () => {
    test('/v1/login and /v1/onboardMember refuse a missing or wrong key with 401, before any X-Request-ID', async () => {
      for (const path of ['/v1/login', '/v1/onboardMember']) {
        for (const headers of [{}, { 'x-client-api-key': 'wrong' }] as Record<string, string>[]) {
          const response = await post(app, path, { phone: PHONE }, headers);
          expect(response.status).toBe(401);
          expect(await response.json()).toEqual({ message: 'Unauthorized client' });
          expect(response.headers.get('x-request-id')).toBeNull();
        }
      }
    });

    test('no other route looks at it: the key is not a token', async () => {
      const response = await post(app, '/v1/nothingHere', {}, KEY);
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({ message: 'Authentication required' });
    });
  });

  describe('POST /v1/login (src/api/Member/controllers/loginMember.ts, services/LoginMember.ts)', () => {
    test('takes the phone only and answers the token in the JSON body, not in a header', async () => {
      const response = await post(app, '/v1/login', { phone: PHONE }, KEY);
      expect(response.status).toBe(200);
      const body = (await response.json()) as { success: boolean; data: { token: string; memberID: string } };
      expect(body).toEqual({
        success: true,
        data: { token: expect.any(String), memberID: expect.any(String) },
        message: 'Login successful',
      });
      expect(response.headers.get('authorization')).toBeNull();
      const claims = jwt.decode(body.data.token) as Record<string, number | string>;
      expect(claims.memberID).toBe(body.data.memberID);
      expect(Number(claims.absoluteExpiry) - Number(claims.iat)).toBe(MAX_TOKEN_AGE_S);
      expect(claims.lastActivity).toBe(claims.iat);
    });

    test('the phone is sanitized to its digits (sanitizePhone), so +27 82 000 0001 is the same member', async () => {
      const a = await post(app, '/v1/login', { phone: '+27 82 000 0001' }, KEY);
      const b = await post(app, '/v1/login', { phone: '27820000001' }, KEY);
      const memberId = async (r: Response) => ((await r.json()) as { data: { memberID: string } }).data.memberID;
      expect(await memberId(a)).toBe(await memberId(b));
    });

    test('validation answers 400 {message}; an unknown member 404 {success:false}', async () => {
      const missing = await post(app, '/v1/login', {}, KEY);
      expect(missing.status).toBe(400);
      expect(await missing.json()).toEqual({ message: 'Required field missing: phone' });
      const bad = await post(app, '/v1/login', { phone: 'abc' }, KEY);
      expect(bad.status).toBe(400);
      expect(await bad.json()).toEqual({ message: 'Invalid phone number: must be a valid international phone number' });
      const number = await post(app, '/v1/login', { phone: 27820000001 }, KEY);
      expect(await number.json()).toEqual({ message: 'Sanitization error for phone' });
      const unknown = await post(app, '/v1/login', { phone: '+27829999999' }, KEY);
      expect(unknown.status).toBe(404);
      expect(await unknown.json()).toEqual({ success: false, message: 'Member not found' });
    });

    test('a password is not a field: validateRequest drops it and the answer is the same', async () => {
      const response = await post(app, '/v1/login', { phone: PHONE, password: 'anything' }, KEY);
      expect(response.status).toBe(200);
      expect(response.headers.get('authorization')).toBeNull();
    });

    test('a body that is not JSON is a 400 from the error handler (src/middleware/errorHandler.ts)', async () => {
      const response = await fetch(`${app.url}/v1/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...KEY },
        body: '{not json',
      });
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ status: 'error', statusCode: 400 });
    });
  });

  describe('POST /v1/onboardMember (controllers/onboardMember.ts, memberValidationSchemas.ts)', () => {
    const newcomer = { firstname: 'Ada', lastname: 'Lovelace', phone: '+27820000099', defaultDenom: 'USD' };

    test('201 with the token in data; the member can then log in; a phone in use is 409', async () => {
      const created = await post(app, '/v1/onboardMember', newcomer, KEY);
      expect(created.status).toBe(201);
      const body = (await created.json()) as { data: { token: string; memberDashboard: { memberID: string } } };
      expect(body).toMatchObject({ success: true, message: 'Member onboarded successfully' });
      expect(jwt.decode(body.data.token)).toMatchObject({ memberID: body.data.memberDashboard.memberID });
      expect(await login(app, newcomer.phone)).toEqual(expect.any(String));
      const again = await post(app, '/v1/onboardMember', newcomer, KEY);
      expect(again.status).toBe(409);
      expect(await again.json()).toEqual({ success: false, message: 'Phone number already in use' });
    });

    test('defaultDenom is required and must be a credex-core denomination', async () => {
      const { defaultDenom: _omitted, ...noDenom } = newcomer;
      expect(await (await post(app, '/v1/onboardMember', noDenom, KEY)).json()).toEqual({
        message: 'Required field missing: defaultDenom',
      });
      const euro = await post(app, '/v1/onboardMember', { ...newcomer, defaultDenom: 'EUR' }, KEY);
      expect(euro.status).toBe(400);
    });
  });

  describe('bearer tokens where credex-core checks them today (applyAuthMiddleware after the routers, src/index.ts)', () => {
    test('a route a router answers does not check the token and sends no refreshed header', async () => {
      const response = await post(app, '/v1/getMemberDashboardByPhone', { phone: PHONE });
      expect(response.status).toBe(200);
      expect(response.headers.get('authorization')).toBeNull();
      expect(await response.json()).toMatchObject({
        success: true,
        data: { memberDashboard: { firstname: 'Test', defaultDenom: 'USD' } },
        message: 'Dashboard retrieved successfully',
      });
    });

    test('a path no router answers is checked: 401 without a token, 404 with one (and a refreshed header)', async () => {
      expect(await (await post(app, '/v1/nothingHere', {})).json()).toEqual({ message: 'Authentication required' });
      const forged = await post(app, '/v1/nothingHere', {}, { authorization: 'Bearer forged' });
      expect(await forged.json()).toEqual({ message: 'Invalid token' });
      const token = await login(app);
      const found = await post(app, '/v1/nothingHere', {}, { authorization: `Bearer ${token}` });
      expect(found.status).toBe(404);
      expect(await found.json()).toEqual({ status: 'error', statusCode: 404, message: 'Not Found' });
      expect(found.headers.get('authorization')).toMatch(/^Bearer [\w-]+\.[\w-]+\.[\w-]+$/);
    });

    test('a GET on a POST route is no route either', async () => {
      expect((await fetch(`${app.url}/v1/getBalances`)).status).toBe(401);
    });
  });

  describe('/v1/devadmin/* (src/index.ts mounts it when config.environment is not production)', () => {
    test('outside production it exists and clears the members; every hit is counted', async () => {
      expect(app.stats.devadminHits).toBe(0);
      const cleared = await post(app, '/v1/devadmin/clearDevDBs', {});
      expect(cleared.status).toBe(200);
      expect((await post(app, '/v1/login', { phone: PHONE }, KEY)).status).toBe(404);
      expect(app.stats.devadminHits).toBe(1);
    });

    test('in production it is not mounted: 404, and the auth layer lets it through as a keyhole', async () => {
      const production = await startTargetApp({ environment: 'production', members: [PHONE] });
      try {
        const response = await post(production, '/v1/devadmin/clearDevDBs', {});
        expect(response.status).toBe(404);
        expect(await response.json()).toEqual({ status: 'error', statusCode: 404, message: 'Not Found' });
        expect(production.stats.devadminHits).toBe(1);
        expect((await post(production, '/v1/login', { phone: PHONE }, KEY)).status).toBe(200);
      } finally {
        await production.close();
      }
    });
  });

  test('records every request with its status; the fault routes exist only when asked for', async () => {
    await fetch(`${app.url}/health`);
    await fetch(`${app.url}/v1/error`);
    expect(app.stats.requests.map((r) => [r.method, r.path, r.status])).toEqual([
      ['GET', '/health', 200],
      ['GET', '/v1/error', 401],
    ]);
    expect(app.stats.hits('/health')).toBe(1);
    expect(app.stats.requests[0]!.ip).toMatch(/127\.0\.0\.1/);
  });
});

describe('bearer tokens as config/authenticate.ts intends them (authBeforeRoutes)', () => {
  let clock = Date.now();
  let app: TargetApp;
  beforeAll(async () => {
    app = await startTargetApp({ members: [PHONE], rateLimit: false, authBeforeRoutes: true, now: () => clock });
  });
  afterAll(() => app.close());

  test('every route but the two keyholes wants the token, and answers with a refreshed one', async () => {
    const body = { phone: PHONE };
    expect((await post(app, '/v1/getMemberDashboardByPhone', body)).status).toBe(401);
    const token = await login(app);
    const first = await post(app, '/v1/getMemberDashboardByPhone', body, { authorization: `Bearer ${token}` });
    expect(first.status).toBe(200);
    const refreshed = first.headers.get('authorization')!.replace(/^Bearer /, '');
    const [before, after] = [jwt.decode(token), jwt.decode(refreshed)] as Record<string, number>[];
    expect(after!.iat).toBe(before!.iat);
    expect(after!.absoluteExpiry).toBe(before!.absoluteExpiry);
    const second = await post(app, '/v1/getMemberDashboardByPhone', body, { authorization: `Bearer ${refreshed}` });
    expect(second.status).toBe(200);
  });

  test('a token expires 5 minutes after its last use, and 6 hours after login whatever the use', async () => {
    const body = { phone: PHONE };
    clock = Date.now();
    let token = await login(app);
    clock += (TOKEN_EXPIRATION_S + 1) * 1000;
    const idle = await post(app, '/v1/getMemberDashboardByPhone', body, { authorization: `Bearer ${token}` });
    expect(idle.status).toBe(401);
    expect(await idle.json()).toEqual({ message: 'Token expired' });

    token = await login(app);
    const start = clock;
    // Kept active every 4 minutes, it still ends at the absolute expiry.
    while (clock - start < (MAX_TOKEN_AGE_S - 240) * 1000) {
      clock += 240_000;
      const used = await post(app, '/v1/getMemberDashboardByPhone', body, { authorization: `Bearer ${token}` });
      expect(used.status).toBe(200);
      token = used.headers.get('authorization')!.replace(/^Bearer /, '');
    }
    clock += 241_000; // one second past the absolute expiry (credex-core: now > absoluteExpiry)
    const old = await post(app, '/v1/getMemberDashboardByPhone', body, { authorization: `Bearer ${token}` });
    expect(await old.json()).toEqual({ message: 'Token expired' });
  });
});

describe('rate limit (src/middleware/rateLimiter.ts, mounted twice: src/index.ts and securityConfig.ts)', () => {
  test('30 per window per client IP, each request counted twice: the 16th is refused with 429 and Retry-After', async () => {
    const app = await startTargetApp({ rateLimit: { windowMs: 2_000 } });
    try {
      const answers: Response[] = [];
      for (let i = 0; i < 17; i++) answers.push(await fetch(`${app.url}/health`));
      expect(answers.map((r) => r.status)).toEqual([...Array<number>(15).fill(200), 429, 429]);
      expect(answers[0]!.headers.get('x-ratelimit-limit')).toBe('30');
      expect(answers[0]!.headers.get('x-ratelimit-remaining')).toBe('28');
      expect(answers[14]!.headers.get('x-ratelimit-remaining')).toBe('0');
      const limited = answers[15]!;
      expect(await limited.text()).toBe('Too many requests, please try again later');
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      // Refused by the first mount, before addRequestId.
      expect(limited.headers.get('x-request-id')).toBeNull();
      expect(app.stats.rateLimited).toBe(2);
      await new Promise((resolve) => setTimeout(resolve, 2_100));
      expect((await fetch(`${app.url}/health`)).status).toBe(200);
    } finally {
      await app.close();
    }
  });

  test('12 requests a minute (our templates pace) leave room: 24 of 30 counted', async () => {
    const app = await startTargetApp({ members: [PHONE] });
    try {
      let last: Response | undefined;
      for (let i = 0; i < 12; i++) last = await fetch(`${app.url}/health`);
      expect(last!.status).toBe(200);
      expect(last!.headers.get('x-ratelimit-remaining')).toBe('6');
      expect(app.stats.rateLimited).toBe(0);
    } finally {
      await app.close();
    }
  });

  test('a request refused by the api-key check counted once, others twice; the second mount can refuse too', async () => {
    const app = await startTargetApp({ members: [PHONE], rateLimit: { windowMs: 60_000 } });
    try {
      for (let i = 0; i < 5; i++) await post(app, '/v1/login', { phone: PHONE }); // 401 after the first mount: 5
      for (let i = 0; i < 5; i++) await post(app, '/v1/login', { phone: PHONE }, KEY); // 10
      for (let i = 0; i < 5; i++) await post(app, '/v1/nothingHere', {}); // 10
      const remaining = async () => {
        const r = await fetch(`${app.url}/health`);
        return [r.status, r.headers.get('x-ratelimit-remaining'), r.headers.get('x-request-id') !== null];
      };
      expect(await remaining()).toEqual([200, '3', true]);
      expect(await remaining()).toEqual([200, '1', true]);
      // 30th count passes the first mount, the 31st is refused by the second one, after addRequestId.
      expect(await remaining()).toEqual([429, '0', true]);
    } finally {
      await app.close();
    }
  });
});

describe('target app options', () => {
  test('a custom API key replaces the default', async () => {
    const app = await startTargetApp({ apiKey: 'other-key', members: [PHONE] });
    try {
      expect((await post(app, '/v1/login', { phone: PHONE }, KEY)).status).toBe(401);
      expect((await post(app, '/v1/login', { phone: PHONE }, { 'x-client-api-key': 'other-key' })).status).toBe(200);
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

  test('the fault routes (not credex-core) answer as documented when mounted', async () => {
    const app = await startTargetApp({ faults: { flakyFailures: 1 }, rateLimit: false });
    try {
      expect((await fetch(`${app.url}/v1/error`)).status).toBe(500);
      expect([
        (await fetch(`${app.url}/v1/flaky?key=a`)).status,
        (await fetch(`${app.url}/v1/flaky?key=a`)).status,
      ]).toEqual([503, 200]);
      const redirect = await fetch(`${app.url}/v1/redirect?to=/health`, { redirect: 'manual' });
      expect([redirect.status, redirect.headers.get('location')]).toEqual([302, '/health']);
      expect(await (await fetch(`${app.url}/v1/slow?ms=50`)).json()).toEqual({ sleptMs: 50 });
    } finally {
      await app.close();
    }
  });
});

describe('target app from the command line (npx tsx test/target-app/main.ts)', () => {
  test('prints its URL, serves the seeded member with the given key, and exits 0 on SIGTERM', async () => {
    const { url, child } = await spawnTargetApp([
      '--member',
      PHONE,
      '--api-key',
      'cli-key',
      '--environment',
      'staging',
    ]);
    try {
      const app = { url } as TargetApp;
      expect((await post(app, '/v1/login', { phone: PHONE }, { 'x-client-api-key': 'cli-key' })).status).toBe(200);
      const exited = new Promise<number | null>((resolveExit) => child.once('exit', resolveExit));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});

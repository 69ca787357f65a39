import { jest } from '@jest/globals';
import { clearSecretsForTest } from '@credex/action-kit';
import {
  assertRunnable,
  junitFromResult,
  parseChecksText,
  runChecks,
  summaryMarkdown,
  type SuiteResult,
} from '@credex/smoke';
import { startTargetApp, type TargetApp } from '../../target-app';

// Real loopback target app (credex-core's HTTP surface, its rate limit on): health, login by phone with
// x-client-api-key (token in the JSON body), bearer routes checked before the routers (as credex-core intends, so the
// refreshed Authorization header comes back), plus the test-only slow/flaky/error/redirect routes.

const API_KEY = 'ck_live_apikey_5b0c9d7e';
const PHONE = '+27820000001';
const JWT = /^[\w-]+\.[\w-]+\.[\w-]+$/;

let app: TargetApp;
beforeAll(async () => {
  app = await startTargetApp({ apiKey: API_KEY, members: [PHONE], authBeforeRoutes: true, faults: true });
});
afterAll(() => app.close());
beforeEach(() => {
  app.reset();
  clearSecretsForTest();
});
afterEach(() => expect(app.stats.devadminHits).toBe(0));

const env = { CLIENT_API_KEY: API_KEY, MEMBER_PHONE: PHONE };

const CREDEX_CHECKS = `
- name: health
  path: /health
  wait: true
  expect:
    status: 200
    headers: { x-request-id: { exists: true } }
    json: { $.status: healthy }
- name: login
  method: POST
  path: /v1/login
  headers: { x-client-api-key: '\${env.CLIENT_API_KEY}' }
  body: { phone: '\${env.MEMBER_PHONE}' }
  expect:
    status: 200
    json: { $.data.token: { type: string } }
  capture:
    token: $.data.token
    memberID: $.data.memberID
- name: dashboard
  method: POST
  path: /v1/getMemberDashboardByPhone
  auth: { bearer: '\${token}' }
  body: { phone: '\${env.MEMBER_PHONE}' }
  expect: { status: 200 }
`;

function allText(result: SuiteResult): string {
  return [JSON.stringify(result), junitFromResult(result), summaryMarkdown(result)].join('\n');
}

test('login → token → authorised call passes, and no credential reaches the results', async () => {
  const suite = parseChecksText(CREDEX_CHECKS, 'credex.yml');
  const seen: string[] = [];
  const result = await runChecks(suite, { baseUrl: app.url, env, concurrency: 3, onResult: (r) => seen.push(r.name) });
  expect(result.results.map((r) => [r.name, r.outcome, r.status])).toEqual([
    ['health', 'passed', 200],
    ['login', 'passed', 200],
    ['dashboard', 'passed', 200],
  ]);
  expect(result).toMatchObject({ passed: true, total: 3, failed: 0, warnings: 0, skipped: 0 });
  expect(result.results[1]!.captured).toEqual(['token', 'memberID']);
  // dashboard needs login's token, so it can only have finished after login.
  expect(seen.indexOf('dashboard')).toBeGreaterThan(seen.indexOf('login'));
  expect(app.stats.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
    'GET /health 200',
    'POST /v1/login 200',
    'POST /v1/getMemberDashboardByPhone 200',
  ]);
  const text = allText(result);
  expect(text).not.toContain(API_KEY);
});

test('a failing authorised call reports the response without the token or API key', async () => {
  // registerSecret announces each secret with ::add-mask:: on stdout; collect them to know the real token.
  const masks: string[] = [];
  const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    for (const m of String(chunk).matchAll(/^::add-mask::(.*)$/gm)) masks.push(m[1]!);
    return true;
  });
  const checks = CREDEX_CHECKS.replace(
    'expect: { status: 200 }\n',
    'expect: { status: 200, json: { $.nothing: 1 } }\n',
  );
  let result: SuiteResult;
  try {
    result = await runChecks(parseChecksText(checks, 'credex.yml'), { baseUrl: app.url, env });
  } finally {
    write.mockRestore();
  }
  const dashboard = result.results[2]!;
  expect(dashboard.outcome).toBe('failed');
  expect(dashboard.failures).toEqual(['$.nothing matched nothing']);
  expect(dashboard.response?.body.length).toBeGreaterThan(0);
  // The login token is masked; the refreshed token credex-core sends back in the Authorization header is hidden.
  expect(masks.some((m) => JWT.test(m))).toBe(true);
  expect(masks).toEqual(expect.arrayContaining([API_KEY]));
  expect(dashboard.response?.headers.authorization).toBe('***');
  const text = allText(result);
  for (const secret of masks) expect(text).not.toContain(secret);
});

test('a login that fails after issuing a token does not leak the token in its report', async () => {
  const masks: string[] = [];
  const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    for (const m of String(chunk).matchAll(/^::add-mask::(.*)$/gm)) masks.push(m[1]!);
    return true;
  });
  const checks = CREDEX_CHECKS.replace('status: 200\n    json: { $.data', 'status: 201\n    json: { $.data');
  let result: SuiteResult;
  try {
    result = await runChecks(parseChecksText(checks, 'credex.yml'), { baseUrl: app.url, env });
  } finally {
    write.mockRestore();
  }
  const login = result.results[1]!;
  expect(login.failures).toEqual(['expected 201, got 200']);
  expect(login.response?.body).toContain('"token":"***"');
  const token = masks.find((m) => JWT.test(m));
  expect(token).toBeDefined();
  expect(allText(result)).not.toContain(token);
});

test('a wrong API key fails login and the dependent check does not run', async () => {
  const result = await runChecks(parseChecksText(CREDEX_CHECKS, 'credex.yml'), {
    baseUrl: app.url,
    env: { ...env, CLIENT_API_KEY: 'wrong-key-123' },
  });
  expect(result.results.map((r) => [r.name, r.outcome])).toEqual([
    ['health', 'passed'],
    ['login', 'failed'],
    ['dashboard', 'failed'],
  ]);
  expect(result.results[1]!.failures).toEqual(['expected 200, got 401', '$.data.token matched nothing']);
  expect(result.results[2]!.failures).toEqual(["not run: needs ${token} from 'login', which did not pass"]);
  expect(app.stats.hits('/v1/getMemberDashboardByPhone')).toBe(0);
  expect(allText(result)).not.toContain('wrong-key-123');
});

test('failures say exactly what differed', async () => {
  const suite = parseChecksText(
    `
- name: error
  path: /v1/error
  expect: { status: 200 }
- name: slow
  path: /v1/slow?ms=1200
  expect: { max-duration: 1000 }
- name: health-json
  path: /health
  expect: { json: { $.status: degraded } }
- name: optional
  path: /v1/error
  critical: false
`,
    'f.yml',
  );
  const result = await runChecks(suite, { baseUrl: app.url, concurrency: 4 });
  const byName = Object.fromEntries(result.results.map((r) => [r.name, r]));
  expect(byName.error!.failures).toEqual(['expected 200, got 500']);
  expect(byName.slow!.failures).toHaveLength(1);
  expect(byName.slow!.failures[0]).toMatch(/^took 1,2\d\d ms > 1,000 ms$/);
  expect(byName['health-json']!.failures).toEqual(['$.status expected "degraded", got "healthy"']);
  expect(byName.optional!.outcome).toBe('warning');
  expect(result).toMatchObject({ passed: false, failed: 3, warnings: 1 });
  const junit = junitFromResult(result);
  expect(junit).toContain('<testsuites name="smoke-test" tests="4" failures="3"');
  expect(junit).toContain('message="expected 200, got 500"');
  const summary = summaryMarkdown(result);
  expect(summary).toContain('| ❌ failed | error | 500 |');
  expect(summary).toContain('| ⚠️ warning | optional (non-critical) | 500 |');
});

test('retries a flaky route until it passes, and gives up after the retries', async () => {
  const suite = parseChecksText(
    `
- name: flaky
  path: /v1/flaky?key=a&failures=2
  retries: 3
  retry-delay: 50ms
- name: too-flaky
  path: /v1/flaky?key=b&failures=5
  retries: 2
  retry-delay: 50ms
`,
    'r.yml',
  );
  const progress: string[] = [];
  const result = await runChecks(suite, { baseUrl: app.url, onProgress: (m) => progress.push(m) });
  expect(result.results.map((r) => [r.name, r.outcome, r.attempts, r.status])).toEqual([
    ['flaky', 'passed', 3, 200],
    ['too-flaky', 'failed', 3, 503],
  ]);
  expect(result.results[1]!.failures).toEqual(['expected 2xx, got 503']);
  expect(progress[0]).toMatch(/^check 'flaky' attempt 1: expected 2xx, got 503; retrying in 0.1 s$/);
  expect(app.stats.hits('/v1/flaky')).toBe(6);
});

test('redirects are followed only when asked', async () => {
  const suite = parseChecksText(
    `
- name: followed
  path: /v1/redirect?to=/health&status=302
  follow-redirects: true
  expect: { status: 200, json: { $.status: healthy } }
- name: not-followed
  path: /v1/redirect?to=/health&status=301
  expect: { status: 301, headers: { location: /health } }
`,
    'redirects.yml',
  );
  const result = await runChecks(suite, { baseUrl: app.url });
  expect(result.results.map((r) => [r.name, r.outcome, r.status, r.failures])).toEqual([
    ['followed', 'passed', 200, []],
    ['not-followed', 'passed', 301, []],
  ]);
});

test('fail-fast stops starting checks after the first critical failure', async () => {
  const suite = parseChecksText(
    `
- { name: first, path: /v1/error }
- { name: second, path: /health }
- { name: third, path: /health }
`,
    'ff.yml',
  );
  const result = await runChecks(suite, { baseUrl: app.url, failFast: true });
  expect(result.results.map((r) => [r.name, r.outcome])).toEqual([
    ['first', 'failed'],
    ['second', 'skipped'],
    ['third', 'skipped'],
  ]);
  expect(result.results[1]!.failures).toEqual(["not run: fail-fast after 'first' failed"]);
  expect(app.stats.hits('/health')).toBe(0);
  expect(result).toMatchObject({ passed: false, failed: 1, skipped: 2 });
});

test('shared headers reach every check, and a check header wins', async () => {
  const suite = parseChecksText(
    `
- name: login
  method: POST
  path: /v1/login
  body: { phone: '${PHONE}' }
- name: login-own-key
  method: POST
  path: /v1/login
  headers: { X-Client-Api-Key: nope-nope }
  body: { phone: '${PHONE}' }
  expect: { status: 401 }
`,
    'h.yml',
  );
  const result = await runChecks(suite, { baseUrl: app.url, env, headers: { 'x-client-api-key': API_KEY } });
  expect(result.results.map((r) => r.outcome)).toEqual(['passed', 'passed']);
  expect(allText(result)).not.toContain(API_KEY);
});

test('configuration problems are found before any request', async () => {
  const suite = parseChecksText(CREDEX_CHECKS, 'credex.yml');
  expect(() => assertRunnable(suite, { baseUrl: app.url, env: {} })).toThrow(
    "check 'login': uses ${env.CLIENT_API_KEY}, which is not set",
  );
  expect(() => assertRunnable(suite, { baseUrl: app.url, env })).not.toThrow();
  await expect(runChecks(suite, { baseUrl: app.url, env: {} })).rejects.toThrow(
    "check 'login': uses ${env.CLIENT_API_KEY}, which is not set",
  );
  await expect(runChecks(suite, { env })).rejects.toThrow("check 'health': path /health needs a base URL");
  await expect(runChecks(suite, { baseUrl: 'ftp://x', env })).rejects.toThrow('is not an http(s) URL');
  expect(app.stats.requests).toHaveLength(0);
});

test('cancelling aborts requests in flight and rejects with the reason', async () => {
  const suite = parseChecksText('- { name: slow, path: "/v1/slow?ms=5000" }', 's.yml');
  const controller = new AbortController();
  setTimeout(() => controller.abort(new Error('cancelled by SIGINT')), 200);
  const started = Date.now();
  await expect(runChecks(suite, { baseUrl: app.url, signal: controller.signal })).rejects.toThrow(
    'cancelled by SIGINT',
  );
  expect(Date.now() - started).toBeLessThan(4000);
});

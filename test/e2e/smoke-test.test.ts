import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { everythingVisible, runAction } from '../harness/run-bundle';
import { startTargetApp, type TargetApp } from '../target-app';

// The committed bundle dist/smoke-test/index.js, run as the runner runs it, against the loopback target app.

const API_KEY = 'ck_e2e_apikey_91f3a2c4';
const PHONE = '+27820000002';

let app: TargetApp;
let dir: string;
beforeAll(async () => {
  app = await startTargetApp({ apiKey: API_KEY, members: [PHONE], faults: true });
  dir = mkdtempSync(join(tmpdir(), 'smoke-e2e-'));
});
afterAll(() => app.close());
beforeEach(() => app.reset());
afterEach(() => expect(app.stats.devadminHits).toBe(0));

const CHECKS = `
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
  body: { phone: '${PHONE}' }
  capture:
    token: $.data.token
- name: dashboard
  method: POST
  path: /v1/getMemberDashboardByPhone
  auth: { bearer: '\${token}' }
  body: { phone: '${PHONE}' }
  expect: { status: 200 }
`;

const env = { CLIENT_API_KEY: API_KEY };

test('a passing run: outputs, summary table, JSON and JUnit reports, and no credential anywhere', async () => {
  const file = join(dir, 'checks.yml');
  writeFileSync(file, CHECKS);
  const result = await runAction('smoke-test', {
    inputs: {
      'base-url': app.url,
      'checks-file': file,
      concurrency: 2,
      'report-file': join(dir, 'out', 'report.json'),
      'junit-file': join(dir, 'out', 'junit.xml'),
    },
    env,
  });
  expect(result.stderr).toBe('');
  expect(result.exitCode).toBe(0);
  expect(result.outputs).toMatchObject({ passed: 'true', total: '3', failed: '0', warnings: '0' });
  expect(result.outputs['report-file']).toBe(join(dir, 'out', 'report.json'));
  expect(result.summary).toMatch(/\| ✅ passed \| health \| 200 \| \d+ ms \|/);
  expect(result.summary).toMatch(/\| ✅ passed \| dashboard \| 200 \|/);
  expect(result.log).toContain('passed: 3 passed, 0 failed of 3 checks');
  expect(result.annotations).toEqual([]);

  const report = readFileSync(join(dir, 'out', 'report.json'), 'utf8');
  const junit = readFileSync(join(dir, 'out', 'junit.xml'), 'utf8');
  expect(JSON.parse(report)).toMatchObject({
    passed: true,
    total: 3,
    results: [{ name: 'health' }, { name: 'login' }, { name: 'dashboard' }],
  });
  expect(junit).toContain('<testsuites name="smoke-test" tests="3" failures="0"');

  // The bearer token was masked as soon as it was captured, and neither it nor the API key shows anywhere.
  const token = result.masks.find((m) => /^[\w-]+\.[\w-]+\.[\w-]+$/.test(m));
  expect(token).toBeDefined();
  expect(result.masks).toEqual(expect.arrayContaining([API_KEY]));
  for (const secret of [token!, API_KEY]) {
    expect(everythingVisible(result)).not.toContain(secret);
    expect(report).not.toContain(secret);
    expect(junit).not.toContain(secret);
  }
});

test('a failing run: exit 1, error annotations, summary rows, outputs', async () => {
  const checks = `
- { name: health, path: /health }
- { name: broken, path: /v1/error, expect: { status: 200 } }
- { name: optional, path: /v1/error, critical: false }
`;
  const result = await runAction('smoke-test', {
    inputs: { 'base-url': app.url, checks, retries: 0, concurrency: 3 },
  });
  expect(result.exitCode).toBe(1);
  expect(result.outputs).toMatchObject({ passed: 'false', total: '3', failed: '1', warnings: '1' });
  expect(result.annotations).toEqual(
    expect.arrayContaining([
      { level: 'error', message: 'expected 200, got 500', properties: { title: "smoke-test: check 'broken'" } },
      {
        level: 'warning',
        message: 'expected 2xx, got 500',
        properties: { title: "smoke-test: check 'optional' (non-critical)" },
      },
      expect.objectContaining({
        level: 'error',
        message:
          "smoke-test: 1 of 3 checks failed, first: 'broken': expected 200, got 500 (runbook: https://github.com/Great-Sun-Group/credex-actions/blob/v1/docs/runbooks/smoke-failing-after-deploy.md)",
      }),
    ]),
  );
  expect(result.summary).toContain('| ❌ failed | broken | 500 |');
  expect(result.summary).toContain('expected 200, got 500 |');
  expect(result.summary).toContain('**Runbook:** [smoke test failing after a deploy](');
  expect(result.summary).toContain('| ⚠️ warning | optional (non-critical) | 500 |');
});

test('a bad checks file: one line naming the check and field, exit 1, no request sent', async () => {
  const file = join(dir, 'bad.yml');
  writeFileSync(
    file,
    '- { name: health, path: /health }\n- { name: login, path: /v1/login, expect: { status: 2xy } }\n',
  );
  const result = await runAction('smoke-test', { inputs: { 'base-url': app.url, 'checks-file': file } });
  expect(result.exitCode).toBe(1);
  const errors = result.annotations.filter((a) => a.level === 'error');
  expect(errors).toEqual([
    expect.objectContaining({
      message: `smoke-test: ${file}: check 'login': expect.status: "2xy" is not a status, code list or range like 2xx`,
    }),
  ]);
  expect(result.log).not.toMatch(/\bat .+:\d+:\d+/);
  expect(app.stats.requests).toHaveLength(0);
  expect(result.outputs).toEqual({});
});

test.each([
  [{ retries: 'two' }, `smoke-test: input 'retries' must be a whole number, got "two"`],
  [{ 'base-url': 'localhost:3000' }, `smoke-test: input 'base-url' must be an http(s) URL, got "localhost:3000"`],
  [
    { url: '/health', checks: '- {name: a, path: /a}' },
    "smoke-test: inputs 'checks' and 'url' cannot be used together",
  ],
  [{}, "smoke-test: one of the inputs 'checks', 'checks-file' or 'url' is required"],
  [
    { url: '/health', 'expect-status': '2xy' },
    `smoke-test: input 'expect-status': "2xy" is not a status, code list or range like 2xx`,
  ],
  [
    { checks: '- {name: a, path: /a, body: "${env.NOT_SET_ANYWHERE}"}' },
    "smoke-test: check 'a': uses ${env.NOT_SET_ANYWHERE}, which is not set",
  ],
])('bad input %j fails in one line before any request', async (inputs, message) => {
  const result = await runAction('smoke-test', { inputs: { 'base-url': app.url, ...inputs } });
  expect(result.exitCode).toBe(1);
  expect(result.annotations.map((a) => a.message)).toEqual([message]);
  expect(app.stats.requests).toHaveLength(0);
});

test('url shorthand with wait-for waits for a service that refuses connections at first', async () => {
  const late = await startTargetApp({ downForMs: 1500 });
  try {
    const result = await runAction('smoke-test', {
      inputs: { url: `${late.url}/health`, 'expect-status': '200', 'wait-for': '20s' },
    });
    expect(result.exitCode).toBe(0);
    expect(result.outputs).toMatchObject({ passed: 'true', total: '1' });
    expect(result.log).toMatch(/attempt 1: connection refused; retrying in 0\.5 s/);
    expect(late.stats.hits('/health')).toBe(1);
  } finally {
    await late.close();
  }
});

test('the headers input reaches every check and its secret values stay hidden', async () => {
  const checks = `
- name: login
  method: POST
  path: /v1/login
  body: { phone: '${PHONE}' }
`;
  const result = await runAction('smoke-test', {
    inputs: { 'base-url': app.url, checks, headers: `x-client-api-key: ${API_KEY}\nx-trace: smoke` },
    env,
  });
  expect(result.exitCode).toBe(0);
  expect(result.masks).toContain(API_KEY);
  expect(everythingVisible(result)).not.toContain(API_KEY);
  expect(app.stats.hits('/v1/login')).toBe(1);
});

test('cancelling the step stops the checks and fails in one line', async () => {
  const result = await runAction('smoke-test', {
    inputs: { 'base-url': app.url, checks: '- { name: slow, path: "/v1/slow?ms=20000" }' },
    // On the step's own line rather than after a fixed time: on a loaded machine the bundle may not have started.
    cancelWhenStdout: 'smoke-test: 1 checks from',
  });
  expect(result.exitCode).toBe(1);
  expect(result.durationMs).toBeLessThan(10_000);
  expect(result.annotations.filter((a) => a.level === 'error').map((a) => a.message)).toEqual([
    'smoke-test: cancelled by SIGINT',
  ]);
});

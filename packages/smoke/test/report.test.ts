import { parseChecks } from '../src/parse';
import { assertRunnable } from '../src/runner';
import { headline, jsonReport, junitFromResult, summaryMarkdown } from '../src/report';
import type { CheckResult, SuiteResult } from '../src/types';

function result(name: string, outcome: CheckResult['outcome'], extra: Partial<CheckResult> = {}): CheckResult {
  return {
    name,
    outcome,
    critical: outcome !== 'warning',
    method: 'GET',
    url: `http://127.0.0.1:1/${name}`,
    status: outcome === 'skipped' ? undefined : 200,
    durationMs: outcome === 'skipped' ? undefined : 1234,
    attempts: outcome === 'skipped' ? 0 : 1,
    elapsedMs: 1300,
    failures: [],
    warnings: [],
    captured: [],
    ...extra,
  };
}

const suite: SuiteResult = {
  origin: 'checks.yml',
  baseUrl: 'http://127.0.0.1:1',
  passed: false,
  total: 4,
  failed: 1,
  warnings: 1,
  skipped: 1,
  durationMs: 2500,
  startedAt: '2026-11-28T12:00:00.000Z',
  results: [
    result('health', 'passed'),
    result('login', 'failed', {
      status: 503,
      attempts: 3,
      failures: ['expected 200, got 503', 'body does not contain "a|b"'],
      response: { headers: {}, body: '<oops & "x">', truncated: true },
    }),
    result('optional', 'warning', { failures: ['expected 2xx, got 500'], status: 500 }),
    result('after', 'skipped', { failures: ["not run: fail-fast after 'login' failed"] }),
  ],
};

describe('reports', () => {
  it('headline counts every outcome', () => {
    expect(headline(suite)).toBe('FAILED: 1 passed, 1 failed, 1 warning, 1 skipped of 4 checks in 2.5 s');
  });

  it('summary has one escaped row per check', () => {
    const md = summaryMarkdown(suite);
    expect(md).toContain('### ❌ Smoke test FAILED');
    expect(md).toContain('| ✅ passed | health | 200 | 1,234 ms |  |');
    expect(md).toContain(
      '| ❌ failed | login | 503 | 1,234 ms (3 attempts) | expected 200, got 503<br>body does not contain "a\\|b" |',
    );
    expect(md).toContain('| ⚠️ warning | optional (non-critical) | 500 |');
    expect(md).toContain("| ⏭️ skipped | after | — | — | not run: fail-fast after 'login' failed |");
  });

  it('JUnit marks failures, skips and warnings, with escaped text', () => {
    const xml = junitFromResult(suite);
    expect(xml).toContain('<testsuites name="smoke-test" tests="4" failures="1" errors="0" skipped="1" time="2.500">');
    expect(xml).toContain('<failure message="expected 200, got 503" type="assertion">');
    expect(xml).toContain('&lt;oops &amp; "x"&gt;');
    expect(xml).toContain('<skipped message="not run: fail-fast after &apos;login&apos; failed"/>');
    expect(xml).toContain('<system-out>expected 2xx, got 500</system-out>');
  });

  it('JSON report carries the result', () => {
    expect(jsonReport(suite)).toMatchObject({ tool: 'credex smoke-test', version: 1, passed: false, total: 4 });
  });
});

describe('secret captures', () => {
  it('are recognised by name, by secret header and by the JSON field they come from', () => {
    const [check] = parseChecks(
      [
        {
          name: 'login',
          path: '/login',
          capture: {
            token: '$.x',
            fromHeader: { header: 'x-client-api-key' },
            fromField: '$.data.accessToken',
            quoted: "$['refresh_token']",
            memberID: '$.memberID',
            forced: { json: '$.id', secret: true },
          },
        },
      ],
      't',
    ).checks;
    expect(Object.fromEntries(check!.captures.map((c) => [c.name, c.secret]))).toEqual({
      token: true,
      fromHeader: true,
      fromField: true,
      quoted: true,
      memberID: false,
      forced: true,
    });
  });
});

describe('assertRunnable', () => {
  it('refuses a wait check that needs a capture, since it runs first', () => {
    const suite = parseChecks(
      [
        { name: 'login', path: '/login', capture: { token: '$.token' } },
        { name: 'ready', path: '/ready', wait: true, auth: { bearer: '${token}' } },
      ],
      't',
    );
    expect(() => assertRunnable(suite, { baseUrl: 'http://127.0.0.1:1', waitForMs: 1000 })).toThrow(
      "check 'ready': the check wait-for retries runs first, so it cannot use ${token}",
    );
    expect(() => assertRunnable(suite, { baseUrl: 'http://127.0.0.1:1' })).not.toThrow();
  });
});

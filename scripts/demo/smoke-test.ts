import type { Scenario } from './types';

// The post-deploy smoke test of action-templates/smoke-test.yml against the target app: health, login with
// x-client-api-key capturing the bearer token, then an authorised call with it; paced under the rate limit.
const CHECKS = `
- name: health
  path: /health
  wait: true
  expect:
    status: 200
    headers:
      x-request-id: { exists: true }
    json:
      $.status: healthy
    max-duration: 2000
    degraded-duration: 500

- name: login
  method: POST
  path: /v1/login
  headers:
    x-client-api-key: \${env.CLIENT_API_KEY}
  body:
    phone: \${env.SMOKE_MEMBER_PHONE}
    password: \${env.SMOKE_MEMBER_PASSWORD}
  expect:
    status: 200
    headers:
      authorization: { matches: '^Bearer ' }
    max-duration: 3000
  capture:
    token: { header: authorization, regex: '^Bearer (.+)$' }

- name: member dashboard
  method: POST
  path: /v1/getMemberDashboardByPhone
  auth:
    bearer: \${token}
  body:
    phone: \${env.SMOKE_MEMBER_PHONE}
  expect:
    status: 200
    json:
      $.defaultDenom: { exists: true }
    max-duration: 3000
`;

export const smokeTest: Scenario = {
  name: 'smoke-test',
  description: 'The post-deploy smoke test against the target app: health, login, an authorised call.',
  actions: ['smoke-test'],
  needsServices: false,
  async run(ctx) {
    const workspace = ctx.workspace('smoke');
    const result = await ctx.step(
      `health, login, dashboard on ${ctx.targetAppUrl}`,
      'smoke-test',
      {
        workspace,
        timeoutMs: 60_000,
        env: {
          CLIENT_API_KEY: ctx.apiKey,
          SMOKE_MEMBER_PHONE: ctx.member.phone,
          SMOKE_MEMBER_PASSWORD: ctx.member.password,
        },
        inputs: {
          'base-url': ctx.targetAppUrl,
          checks: CHECKS,
          'wait-for': '30s',
          retries: '2',
          'retry-delay': '1s',
          timeout: '10s',
          concurrency: '1',
          'max-requests-per-minute': '40',
          'junit-file': 'smoke-test/junit.xml',
          'report-file': 'smoke-test/report.json',
        },
      },
      {
        exitCode: 0,
        outputs: { passed: 'true', total: '3', failed: '0' },
        check: (r) =>
          r.masks.includes(ctx.member.password) && r.masks.includes(ctx.apiKey)
            ? undefined
            : 'the API key or the member password was not masked',
      },
    );
    return `exit ${String(result.exitCode)}; ${result.outputs.total ?? '?'} checks, ${result.outputs.failed ?? '?'} failed, ${result.outputs.warnings ?? '?'} warning(s)`;
  },
};

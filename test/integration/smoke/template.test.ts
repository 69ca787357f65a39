import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { parseChecksText, runChecks } from '@credex/smoke';
import { REPO_ROOT } from '../../harness/run-bundle';
import { startTargetApp } from '../../target-app';

// The credex-core example in action-templates/ must be a valid checks file that passes against the credex-shaped
// target app, stays under the API's rate limit and never touches /v1/devadmin/*.

interface Step {
  uses?: string;
  with?: Record<string, string | number>;
}

const workflow = parseYaml(readFileSync(join(REPO_ROOT, 'action-templates', 'smoke-test.yml'), 'utf8')) as {
  jobs: Record<string, { steps: Step[] }>;
};
const step = Object.values(workflow.jobs)
  .flatMap((job) => job.steps)
  .find((s) => s.uses?.includes('/actions/smoke-test@'))!;

test('the template uses the action, paced under 50 requests per minute', () => {
  expect(step).toBeDefined();
  expect(Number(step.with!['max-requests-per-minute'])).toBeGreaterThan(0);
  expect(Number(step.with!['max-requests-per-minute'])).toBeLessThanOrEqual(50);
  expect(String(step.with!.checks)).not.toContain('devadmin');
});

const readme = readFileSync(join(REPO_ROOT, 'actions', 'smoke-test', 'README.md'), 'utf8');
const readmeExample = /### Example checks file for credex-core[\s\S]*?```yaml\n([\s\S]*?)```/.exec(readme)?.[1];

test.each([
  ['the template', () => String(step.with!.checks)],
  ['the README example', () => readmeExample ?? ''],
])('%s checks pass against the credex-shaped target app', async (_, text) => {
  const env = {
    CLIENT_API_KEY: 'tmpl-api-key-1',
    SMOKE_MEMBER_PHONE: '+27820000009',
    SMOKE_MEMBER_PASSWORD: 'tmpl-pass-1',
  };
  const app = await startTargetApp({
    apiKey: env.CLIENT_API_KEY,
    members: { [env.SMOKE_MEMBER_PHONE]: env.SMOKE_MEMBER_PASSWORD },
  });
  try {
    const suite = parseChecksText(text(), 'example');
    const result = await runChecks(suite, { baseUrl: app.url, env, requestsPerMinute: 600 });
    expect(result.results.map((r) => [r.name, r.outcome, r.failures])).toEqual([
      ['health', 'passed', []],
      ['login', 'passed', []],
      ['member dashboard', 'passed', []],
    ]);
    expect(app.stats.devadminHits).toBe(0);
  } finally {
    await app.close();
  }
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { REPO_ROOT } from '../../test/harness/run-bundle';
import type { Scenario } from './types';

// The post-deploy smoke test of action-templates/smoke-test.yml, its `with:` as written there (checks, retries,
// pacing at 12 requests a minute), against the target app: health, login by phone with x-client-api-key (the token
// comes back in the JSON body), then an authorised call with it.
function templateInputs(): Record<string, string> {
  const workflow = parseYaml(readFileSync(join(REPO_ROOT, 'action-templates', 'smoke-test.yml'), 'utf8')) as {
    jobs: Record<string, { steps: { uses?: string; with?: Record<string, unknown> }[] }>;
  };
  const step = Object.values(workflow.jobs)
    .flatMap((job) => job.steps)
    .find((s) => s.uses?.includes('/actions/smoke-test@'));
  if (!step?.with) throw new Error('action-templates/smoke-test.yml has no smoke-test step');
  return Object.fromEntries(Object.entries(step.with).map(([key, value]) => [key, String(value)]));
}

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
        timeoutMs: 90_000,
        env: { CLIENT_API_KEY: ctx.apiKey, SMOKE_MEMBER_PHONE: ctx.member.phone },
        inputs: { ...templateInputs(), 'base-url': ctx.targetAppUrl, 'wait-for': '30s' },
      },
      {
        exitCode: 0,
        outputs: { passed: 'true', total: '3', failed: '0' },
        check: (r) =>
          r.masks.includes(ctx.apiKey) && r.masks.some((m) => /^[\w-]+\.[\w-]+\.[\w-]+$/.test(m))
            ? undefined
            : 'the API key or the login token was not masked',
      },
    );
    return `exit ${String(result.exitCode)}; ${result.outputs.total ?? '?'} checks, ${result.outputs.failed ?? '?'} failed, ${result.outputs.warnings ?? '?'} warning(s)`;
  },
};

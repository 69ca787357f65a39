import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../../test/harness/run-bundle';
import type { Scenario } from './types';

// The open-source scan of a pull request, evaluated from a saved `snyk test --json` report (no token, no network):
// the gate at high fails on the two issues at or above it.
export const snykScan: Scenario = {
  name: 'snyk-scan',
  description: "A pull request's open-source scan, gated at high, from a saved `snyk test --json` report.",
  actions: ['snyk-scan'],
  needsServices: false,
  async run(ctx) {
    const workspace = ctx.workspace('snyk');
    copyFileSync(join(REPO_ROOT, 'test', 'fixtures', 'snyk', 'npm-object.json'), join(workspace, 'snyk.json'));
    const result = await ctx.step(
      'from-report (open-source), severity-threshold high',
      'snyk-scan',
      {
        workspace,
        timeoutMs: 60_000,
        env: { SNYK_TOKEN: undefined },
        inputs: { 'from-report': 'snyk.json', 'severity-threshold': 'high', 'sarif-location': 'package.json' },
      },
      { exitCode: 1, outputs: { result: 'failed', passed: 'false', failing: /^[1-9]\d*$/ } },
    );
    const o = result.outputs;
    return `gate failed as it should: ${o.failing ?? '?'} failing (critical ${o.critical ?? '?'}, high ${o.high ?? '?'}, medium ${o.medium ?? '?'}, low ${o.low ?? '?'})`;
  },
};

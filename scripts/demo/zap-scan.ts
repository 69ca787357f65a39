import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../../test/harness/run-bundle';
import type { Scenario } from './types';

// The staging API's ZAP baseline, evaluated from a saved traditional JSON report (no ZAP, no Docker): the gate at
// high passes and the medium and low alerts are reported; alerts on /v1/devadmin/ are dropped.
export const zapScan: Scenario = {
  name: 'zap-scan',
  description: "The staging API's ZAP baseline, gated at high, from a saved traditional JSON report.",
  actions: ['zap-scan'],
  needsServices: false,
  async run(ctx) {
    const workspace = ctx.workspace('zap');
    copyFileSync(join(REPO_ROOT, 'test', 'fixtures', 'zap', 'baseline-2.15.json'), join(workspace, 'zap.json'));
    const result = await ctx.step(
      'from-report (baseline of staging), fail-on-risk high',
      'zap-scan',
      {
        workspace,
        timeoutMs: 60_000,
        inputs: {
          'from-report': 'zap.json',
          target: 'https://staging.api.mycredex.app',
          'fail-on-risk': 'high',
          'sarif-location': 'docs/openapi.yaml',
        },
      },
      { exitCode: 0, outputs: { result: 'passed', passed: 'true', high: '0' } },
    );
    const o = result.outputs;
    return `gate passed: high ${o.high ?? '?'}, medium ${o.medium ?? '?'}, low ${o.low ?? '?'}, informational ${o.informational ?? '?'}`;
  },
};

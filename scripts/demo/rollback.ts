import { CLUSTER, ensureCredexService, SERVICE, serviceTaskDefinition } from './moto-ecs';
import { liveServices, type Scenario } from './types';

// Rolling credex-core development back by hand: the service runs the newer of two revisions; the action deploys
// the previous one (moto has no service deployment history, so it comes from the family's ACTIVE revisions) and
// follows the deployment to COMPLETED.
export const rollback: Scenario = {
  name: 'rollback',
  description: 'Rolling development back to the previous task definition in moto.',
  actions: ['rollback'],
  needsServices: true,
  async run(ctx) {
    const target = await ensureCredexService(liveServices(ctx));
    const [previous, current] = target.revisions;
    const result = await ctx.step(
      `${SERVICE} back from revision ${current.split(':').pop() ?? '?'} to the previous one`,
      'rollback',
      { env: target.env, timeoutMs: 90_000, inputs: { cluster: CLUSTER, service: SERVICE, timeout: '2m' } },
      {
        exitCode: 0,
        outputs: { status: 'rolled-back', 'rolled-back-to': previous },
        check: async () =>
          (await serviceTaskDefinition(target.ecs)) === previous
            ? undefined
            : 'the service does not run the previous revision',
      },
    );
    return `exit ${String(result.exitCode)}; ${result.outputs.status ?? '?'} to ${(result.outputs['rolled-back-to'] ?? '?').split('/').pop() ?? '?'}`;
  },
};

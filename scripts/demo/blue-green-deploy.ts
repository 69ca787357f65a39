import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  activeRevisionCount,
  CLUSTER,
  CONTAINER,
  ensureCredexService,
  pushImages,
  REPOSITORY,
  SERVICE,
  serviceTaskDefinition,
  taskDefinition,
} from './moto-ecs';
import { liveServices, type Scenario } from './types';

// A deploy of a new credex-core build to development, in dry-run against moto: the task definition is rendered
// (image, environment upserted, a secret as valueFrom), diffed against the running revision and the preflight
// checks run; nothing is registered or updated.
export const blueGreenDeploy: Scenario = {
  name: 'blue-green-deploy',
  description: 'Deploying a new credex-core image to development, as a dry run against moto.',
  actions: ['blue-green-deploy'],
  needsServices: true,
  async run(ctx) {
    const target = await ensureCredexService(liveServices(ctx));
    const workspace = ctx.workspace('deploy');
    writeFileSync(join(workspace, 'task-definition.json'), JSON.stringify(taskDefinition('latest'), null, 2));
    const revisionsBefore = await activeRevisionCount(target.ecs);
    const image = `${REPOSITORY}:sha-9028233`;
    await pushImages(liveServices(ctx), ['sha-9028233']);
    const result = await ctx.step(
      `dry run of ${image.split('/').pop() ?? image} on ${SERVICE}`,
      'blue-green-deploy',
      {
        workspace,
        env: target.env,
        timeoutMs: 90_000,
        inputs: {
          cluster: CLUSTER,
          service: SERVICE,
          'task-definition': 'task-definition.json',
          'container-name': CONTAINER,
          image,
          environment: 'NODE_ENV=development\nDEPLOYMENT_SHA=9028233\nLOG_LEVEL=debug',
          secrets: [
            'NEO_4J_LEDGER_SPACE_PASS=arn:aws:secretsmanager:af-south-1:123456789012:secret:credex-core/development/ledger-AbC123',
            'NEO_4J_SEARCH_SPACE_PASS=arn:aws:secretsmanager:af-south-1:123456789012:secret:credex-core/development/search-DeF456',
          ].join('\n'),
          'dry-run': 'true',
        },
      },
      {
        exitCode: 0,
        outputs: { status: 'dry-run', strategy: 'rolling', 'previous-task-definition-arn': target.revisions[1] },
        check: async () => {
          if ((await serviceTaskDefinition(target.ecs)) !== target.revisions[1]) return 'the service was changed';
          const after = await activeRevisionCount(target.ecs);
          return after === revisionsBefore ? undefined : `a dry run registered ${after - revisionsBefore} revision(s)`;
        },
      },
    );
    return `exit ${String(result.exitCode)}; status ${result.outputs.status ?? '?'} (${result.outputs.strategy ?? '?'}); nothing registered, service unchanged`;
  },
};

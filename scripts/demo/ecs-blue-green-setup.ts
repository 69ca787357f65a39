import { seedCredexShape } from '../../test/integration/ecs-setup/credex-shape';
import { awsEnv } from './moto-ecs';
import { liveServices, type Scenario } from './types';

// From credex-core's rolling service to ECS-native blue/green, in moto: an environment shaped as credex-core's
// Terraform builds it (ALB with its 443 listener and docs rules, credex-tg-<env>, rolling service) is planned (nothing
// changes), applied, and applied again (nothing changes).
export const ecsBlueGreenSetup: Scenario = {
  name: 'ecs-blue-green-setup',
  description: 'Blue-green setup of a credex-core environment in moto: plan, apply, apply again.',
  actions: ['ecs-blue-green-setup'],
  needsServices: true,
  async run(ctx) {
    const shape = await seedCredexShape('demo');
    const env = { ...awsEnv(liveServices(ctx)), GITHUB_REPOSITORY: 'Great-Sun-Group/credex-core' };
    const step = (label: string, mode: string, status: string) =>
      ctx.step(
        label,
        'ecs-blue-green-setup',
        { env, timeoutMs: 90_000, inputs: { environment: shape.environment, mode, 'blackout-windows': '' } },
        { exitCode: 0, outputs: { status } },
      );
    const plan = await step(`plan for ${shape.environment} (changes nothing)`, 'plan', 'planned');
    const apply = await step('apply', 'apply', 'applied');
    const again = await step('apply again (finds everything in place)', 'apply', 'unchanged');
    return `plan ${plan.outputs.changes ?? '?'} change(s); apply ${apply.outputs.changes ?? '?'}; again ${again.outputs.changes ?? '?'}`;
  },
};

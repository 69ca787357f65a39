import {
  ContinueServiceDeploymentCommand,
  DescribeClustersCommand,
  DescribeServiceDeploymentsCommand,
  DescribeServiceRevisionsCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  DescribeTasksCommand,
  ECSClient,
  ListServiceDeploymentsCommand,
  ListTaskDefinitionsCommand,
  ListTasksCommand,
  RegisterTaskDefinitionCommand,
  StopServiceDeploymentCommand,
  UpdateServiceCommand,
  DeregisterTaskDefinitionCommand,
  type ServiceDeployment,
  type DescribeServicesCommandInput,
  type DescribeTaskDefinitionCommandInput,
  type RegisterTaskDefinitionCommandInput,
  type DeregisterTaskDefinitionCommandInput,
  type ListTaskDefinitionsCommandInput,
  type DescribeClustersCommandInput,
  type ListTasksCommandInput,
  type DescribeTasksCommandInput,
} from '@aws-sdk/client-ecs';
import { DescribeRulesCommand, ModifyRuleCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { mockClient } from 'aws-sdk-client-mock';
import { aws, awsConfig } from './credex-shape';

/**
 * An ECS client for credex-core's service after the setup: every call moto implements goes to moto (describe and
 * update the service, register and describe task definitions, clusters, tasks), and the ECS-native service
 * deployment API moto lacks (ListServiceDeployments, DescribeServiceDeployments, ContinueServiceDeployment,
 * StopServiceDeployment, DescribeServiceRevisions) answers from aws-sdk-client-mock, simulating what ECS does with
 * the service moto holds: after an UpdateService it walks the BLUE_GREEN lifecycle, stops at POST_TEST_TRAFFIC_SHIFT
 * while the service has a PAUSE hook there, and on CONTINUE moves production traffic by re-weighting the production
 * listener rule in moto (what ECS does through the infrastructure role), then succeeds.
 */

const STAGES = ['PRE_SCALE_UP', 'SCALE_UP', 'POST_SCALE_UP', 'TEST_TRAFFIC_SHIFT', 'POST_TEST_TRAFFIC_SHIFT'] as const;
const AFTER = ['PRODUCTION_TRAFFIC_SHIFT', 'POST_PRODUCTION_TRAFFIC_SHIFT', 'BAKE_TIME', 'CLEAN_UP'] as const;

export interface SimulatedDeployments {
  client: ECSClient;
  continued: string[];
  stopped: string[];
  /** Lifecycle stages reported, in order. */
  stages: string[];
}

export function nativeDeploymentClient(cluster: string, service: string): SimulatedDeployments {
  const real = new ECSClient(awsConfig());
  const client = new ECSClient(awsConfig());
  const mock = mockClient(client);
  const state: SimulatedDeployments = { client, continued: [], stopped: [], stages: [] };
  // What moto implements goes to moto.
  mock
    .on(DescribeServicesCommand)
    .callsFake((input: DescribeServicesCommandInput) => real.send(new DescribeServicesCommand(input)));
  mock
    .on(DescribeTaskDefinitionCommand)
    .callsFake((input: DescribeTaskDefinitionCommandInput) => real.send(new DescribeTaskDefinitionCommand(input)));
  mock
    .on(RegisterTaskDefinitionCommand)
    .callsFake((input: RegisterTaskDefinitionCommandInput) => real.send(new RegisterTaskDefinitionCommand(input)));
  mock
    .on(DeregisterTaskDefinitionCommand)
    .callsFake((input: DeregisterTaskDefinitionCommandInput) => real.send(new DeregisterTaskDefinitionCommand(input)));
  mock
    .on(ListTaskDefinitionsCommand)
    .callsFake((input: ListTaskDefinitionsCommandInput) => real.send(new ListTaskDefinitionsCommand(input)));
  mock
    .on(DescribeClustersCommand)
    .callsFake((input: DescribeClustersCommandInput) => real.send(new DescribeClustersCommand(input)));
  mock.on(ListTasksCommand).callsFake((input: ListTasksCommandInput) => real.send(new ListTasksCommand(input)));
  mock
    .on(DescribeTasksCommand)
    .callsFake((input: DescribeTasksCommandInput) => real.send(new DescribeTasksCommand(input)));

  let deployment: { arn: string; step: number; paused: boolean; hookId: string; status: string } | undefined;
  mock.on(UpdateServiceCommand).callsFake(async (input: ConstructorParameters<typeof UpdateServiceCommand>[0]) => {
    const answer = await real.send(new UpdateServiceCommand(input));
    deployment = {
      arn: `arn:aws:ecs:af-south-1:123456789012:service-deployment/${cluster}/${service}/sim${Date.now()}`,
      step: 0,
      paused: false,
      hookId: `hook-${Date.now()}`,
      status: 'IN_PROGRESS',
    };
    return answer;
  });
  mock.on(ListServiceDeploymentsCommand).callsFake(() => ({
    serviceDeployments: deployment
      ? [{ serviceDeploymentArn: deployment.arn, status: deployment.status, createdAt: new Date() }]
      : [],
  }));

  const pauseHook = async (): Promise<boolean> => {
    const now = (await real.send(new DescribeServicesCommand({ cluster, services: [service] }))).services?.[0];
    return (now?.deploymentConfiguration?.lifecycleHooks ?? []).some(
      (h) => h.targetType === 'PAUSE' && h.lifecycleStages?.includes('POST_TEST_TRAFFIC_SHIFT'),
    );
  };
  const shiftProduction = async (): Promise<void> => {
    const now = (await real.send(new DescribeServicesCommand({ cluster, services: [service] }))).services?.[0];
    const advanced = now?.loadBalancers?.[0]?.advancedConfiguration;
    if (!advanced?.productionListenerRule) throw new Error('the service has no production listener rule');
    const elbv2 = aws.elbv2();
    const rule = (await elbv2.send(new DescribeRulesCommand({ RuleArns: [advanced.productionListenerRule] })))
      .Rules![0]!;
    const groups = rule.Actions![0]!.ForwardConfig!.TargetGroups!;
    await elbv2.send(
      new ModifyRuleCommand({
        RuleArn: rule.RuleArn,
        Actions: [
          {
            Type: 'forward',
            ForwardConfig: {
              TargetGroups: groups.map((g) => ({ TargetGroupArn: g.TargetGroupArn, Weight: 100 - (g.Weight ?? 0) })),
            },
          },
        ],
      }),
    );
  };

  mock.on(DescribeServiceDeploymentsCommand).callsFake(async () => {
    if (!deployment) return { serviceDeployments: [], failures: [{ reason: 'MISSING' }] };
    const d = deployment;
    const stages = [...STAGES, ...AFTER];
    let stage = stages[Math.min(d.step, stages.length - 1)]!;
    if (d.status === 'IN_PROGRESS') {
      if (stage === 'POST_TEST_TRAFFIC_SHIFT' && !d.paused && (await pauseHook())) d.paused = true;
      if (!d.paused) {
        if (stage === 'PRODUCTION_TRAFFIC_SHIFT') await shiftProduction();
        d.step++;
        if (d.step >= stages.length) d.status = 'SUCCESSFUL';
      }
      stage = stages[Math.min(d.step, stages.length - 1)]!;
    }
    state.stages.push(stage);
    const sd: ServiceDeployment = {
      serviceDeploymentArn: d.arn,
      status: d.status as ServiceDeployment['status'],
      lifecycleStage: stage,
      lifecycleHookDetails: d.paused ? [{ hookId: d.hookId, targetType: 'PAUSE', status: 'AWAITING_ACTION' }] : [],
    };
    return { serviceDeployments: [sd] };
  });
  mock.on(ContinueServiceDeploymentCommand).callsFake((input: { serviceDeploymentArn?: string; hookId?: string }) => {
    if (!deployment || input.hookId !== deployment.hookId || !deployment.paused) throw new Error('no paused hook');
    state.continued.push(input.hookId);
    deployment.paused = false;
    deployment.step++;
    return {};
  });
  mock.on(StopServiceDeploymentCommand).callsFake(() => {
    if (deployment) {
      state.stopped.push(deployment.arn);
      deployment.status = 'ROLLBACK_SUCCESSFUL';
      deployment.paused = false;
    }
    return {};
  });
  mock.on(DescribeServiceRevisionsCommand).resolves({ serviceRevisions: [] });
  return state;
}

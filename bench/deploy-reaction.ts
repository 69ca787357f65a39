// How quickly deployService reacts, on a simulated clock (no real waiting), against aws-sdk-client-mock clients that
// answer like ECS, CodeDeploy, CloudWatch and ELB do at each simulated instant:
//  - end noticed: from the deployment reaching its terminal state in AWS (CodeDeploy Succeeded, the ECS service
//    deployment SUCCESSFUL, the rolling deployment COMPLETED) to deployService returning (the step ending);
//  - trigger reaction: from AWS reporting a rollback trigger (an alarm in ALARM, the targets' 5XX share in the metric
//    data, an unhealthy target) to the rollback request (StopDeployment). CloudWatch's own delay in evaluating an
//    alarm or publishing a metric comes before that and is not the action's to shorten. Measured on CodeDeploy with
//    production traffic on the new version (the bake/termination wait, where every trigger is checked);
//  - AWS calls per minute once the polling has settled (minute 20 of a deployment that does not end).
// Each figure is over SAMPLES runs whose terminal state or trigger falls at spread-out instants (a fixed-seed
// generator, so every run of the bench simulates the same instants), printed as p50/p95 beside the goal.
import { CloudWatchClient, DescribeAlarmsCommand, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import {
  CodeDeployClient,
  CreateDeploymentCommand,
  GetDeploymentCommand,
  GetDeploymentGroupCommand,
  GetDeploymentTargetCommand,
  ListDeploymentTargetsCommand,
  ListDeploymentsCommand,
  StopDeploymentCommand,
} from '@aws-sdk/client-codedeploy';
import { DescribeImagesCommand, ECRClient } from '@aws-sdk/client-ecr';
import {
  DescribeClustersCommand,
  DescribeServiceDeploymentsCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  ECSClient,
  RegisterTaskDefinitionCommand,
  StopServiceDeploymentCommand,
  UpdateServiceCommand,
  type Deployment,
  type Service,
} from '@aws-sdk/client-ecs';
import {
  DescribeTargetGroupsCommand,
  DescribeTargetHealthCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { GetRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import {
  DEFAULT_POLL,
  deployService,
  type Clock,
  type DeployClients,
  type DeployConfig,
  type PollTiming,
} from '@credex/ecs-deploy';
import { markdownTable } from '@credex/reports';

type Strategy = 'codedeploy' | 'native' | 'rolling';
type Trigger = 'alarm' | 'error-rate' | 'unhealthy-targets';

const SAMPLES = 60;
const GOALS = { endP95Ms: 10_000, triggerP95Ms: 15_000, callsPerMinute: 6 };
const MINUTE = 60_000;
const TG = 'arn:aws:elasticloadbalancing:af-south-1:123456789012:targetgroup/credex-tg-staging/0123456789abcdef';
const LB = 'arn:aws:elasticloadbalancing:af-south-1:123456789012:loadbalancer/app/credex-alb-staging/1111222233334444';
const td = (revision: number): string =>
  `arn:aws:ecs:af-south-1:123456789012:task-definition/credex-core-staging:${revision}`;

export interface Scenario {
  strategy: Strategy;
  /** The deployment reaches its terminal (successful) state this long after it was created. */
  finishAfterMs?: number;
  /** AWS reports this trigger this long after the deployment was created. */
  trigger?: { kind: Trigger; afterMs: number };
  /** Which triggers the deploy watches. */
  watch: { alarms: boolean; errorRate: boolean; unhealthyTargets: boolean };
  poll: PollTiming;
}

export interface Outcome {
  startedAt: number;
  endedAt: number;
  rollbackRequestedAt?: number;
  calls: number[];
}

function serviceOf(strategy: Strategy, deployments?: Deployment[]): Service {
  return {
    serviceName: 'credex-core-service-staging',
    status: 'ACTIVE',
    taskDefinition: td(41),
    deploymentController: { type: strategy === 'codedeploy' ? 'CODE_DEPLOY' : 'ECS' },
    deploymentConfiguration: { strategy: strategy === 'native' ? 'BLUE_GREEN' : 'ROLLING' },
    loadBalancers: [{ targetGroupArn: TG, containerName: 'credex-core', containerPort: 3000 }],
    deployments: deployments ?? [
      { id: 'ecs-svc/old', status: 'PRIMARY', taskDefinition: td(41), rolloutState: 'COMPLETED' },
    ],
  };
}

/** One simulated deploy: AWS's answers depend on the simulated time; returns when things happened. */
export async function simulate(scenario: Scenario): Promise<Outcome> {
  let now = Date.parse('2026-11-28T10:00:00Z');
  const clock: Clock = { now: () => now, sleep: (ms) => ((now += ms), Promise.resolve()) };
  const calls: number[] = [];
  let startedAt: number | undefined;
  let rollbackRequestedAt: number | undefined;
  const since = (): number => (startedAt === undefined ? -1 : now - startedAt);
  const finished = (): boolean => scenario.finishAfterMs !== undefined && since() >= scenario.finishAfterMs;
  const firing = (kind: Trigger): boolean =>
    scenario.trigger?.kind === kind && startedAt !== undefined && since() >= scenario.trigger.afterMs;
  const counted =
    <T>(answer: () => T) =>
    (): T => {
      if (startedAt !== undefined) calls.push(now);
      return answer();
    };

  const ecs = mockClient(ECSClient);
  const codedeploy = mockClient(CodeDeployClient);
  const cloudwatch = mockClient(CloudWatchClient);
  const elbv2 = mockClient(ElasticLoadBalancingV2Client);
  const ecr = mockClient(ECRClient);
  const iam = mockClient(IAMClient);
  const started = (): void => {
    startedAt ??= now;
  };
  const rollback = (): Record<string, never> => {
    rollbackRequestedAt ??= now;
    return {};
  };
  const ours = (): Deployment => ({
    id: 'ecs-svc/new',
    status: 'PRIMARY',
    taskDefinition: td(42),
    rolloutState: rollbackRequestedAt !== undefined || finished() ? 'COMPLETED' : 'IN_PROGRESS',
  });

  ecs.on(DescribeServicesCommand).callsFake(
    counted(() => ({
      services: [
        serviceOf(
          scenario.strategy,
          scenario.strategy === 'rolling' && startedAt !== undefined
            ? [rollbackRequestedAt === undefined ? ours() : { ...ours(), id: 'ecs-svc/back', taskDefinition: td(41) }]
            : undefined,
        ),
      ],
    })),
  );
  ecs.on(DescribeClustersCommand).resolves({ clusters: [{ status: 'ACTIVE' }] });
  ecs.on(DescribeTaskDefinitionCommand).resolves({
    taskDefinition: {
      taskDefinitionArn: td(41),
      family: 'credex-core-staging',
      containerDefinitions: [{ name: 'credex-core', image: 'x:1', portMappings: [{ containerPort: 3000 }] }],
    },
  });
  ecs.on(RegisterTaskDefinitionCommand).resolves({ taskDefinition: { taskDefinitionArn: td(42) } });
  ecs.on(UpdateServiceCommand).callsFake((input: { taskDefinition?: string }) => {
    if (startedAt !== undefined && input.taskDefinition === td(41)) rollback();
    started();
    return { service: { ...serviceOf(scenario.strategy, [ours()]), currentServiceDeployment: 'arn:sd' } };
  });
  ecs.on(DescribeServiceDeploymentsCommand).callsFake(
    counted(() => ({
      serviceDeployments: [
        {
          status: rollbackRequestedAt !== undefined ? 'ROLLBACK_SUCCESSFUL' : finished() ? 'SUCCESSFUL' : 'IN_PROGRESS',
          lifecycleStage: 'SCALE_UP',
        },
      ],
    })),
  );
  codedeploy.on(GetDeploymentGroupCommand).resolves({
    deploymentGroupInfo: {
      ecsServices: [{ clusterName: 'credex-cluster-staging', serviceName: 'credex-core-service-staging' }],
    },
  });
  codedeploy.on(ListDeploymentsCommand).resolves({ deployments: [] });
  codedeploy.on(CreateDeploymentCommand).callsFake(() => (started(), { deploymentId: 'd-BENCH' }));
  codedeploy.on(GetDeploymentCommand).callsFake(
    counted(() => ({
      deploymentInfo: {
        status: rollbackRequestedAt !== undefined ? 'Stopped' : finished() ? 'Succeeded' : 'InProgress',
      },
    })),
  );
  codedeploy.on(ListDeploymentTargetsCommand).callsFake(counted(() => ({ targetIds: ['t'] })));
  codedeploy.on(GetDeploymentTargetCommand).callsFake(
    counted(() => ({
      deploymentTarget: {
        ecsTarget: {
          lifecycleEvents: [
            { lifecycleEventName: 'AllowTraffic', status: 'Succeeded' },
            { lifecycleEventName: 'AfterAllowTraffic', status: 'Succeeded' },
          ],
        },
      },
    })),
  );
  codedeploy.on(StopDeploymentCommand).callsFake(rollback);
  ecs.on(StopServiceDeploymentCommand).callsFake(rollback);
  cloudwatch.on(DescribeAlarmsCommand).callsFake(
    counted(() => ({
      MetricAlarms: [{ AlarmName: 'credex-core-staging-5xx', StateValue: firing('alarm') ? 'ALARM' : 'OK' }],
    })),
  );
  cloudwatch.on(GetMetricDataCommand).callsFake(
    counted(() => ({
      MetricDataResults: [
        { Id: 'errors0', Values: [firing('error-rate') ? 120 : 0] },
        { Id: 'requests0', Values: [1000] },
      ],
    })),
  );
  elbv2
    .on(DescribeTargetGroupsCommand)
    .callsFake(counted(() => ({ TargetGroups: [{ TargetGroupArn: TG, LoadBalancerArns: [LB] }] })));
  elbv2.on(DescribeTargetHealthCommand).callsFake(
    counted(() => ({
      TargetHealthDescriptions: [{ TargetHealth: { State: firing('unhealthy-targets') ? 'unhealthy' : 'healthy' } }],
    })),
  );
  ecr.on(DescribeImagesCommand).resolves({});
  iam.on(GetRoleCommand).resolves({});

  const config = { region: 'af-south-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } };
  const clients: DeployClients = {
    ecs: new ECSClient(config),
    codedeploy: new CodeDeployClient(config),
    cloudwatch: new CloudWatchClient(config),
    elbv2: new ElasticLoadBalancingV2Client(config),
    ecr: new ECRClient(config),
    iam: new IAMClient(config),
  };
  const deployConfig: DeployConfig = {
    ref: { cluster: 'credex-cluster-staging', service: 'credex-core-service-staging' },
    region: 'af-south-1',
    source: { kind: 'current' },
    render: { images: [{ container: 'credex-core', image: 'x:2' }], environment: new Map(), secrets: new Map() },
    codedeploy: { hooks: new Map() },
    timeoutMs: 30 * MINUTE,
    waitForTermination: true,
    triggers: {
      alarms: scenario.watch.alarms ? ['credex-core-staging-5xx'] : [],
      maxErrorRatePercent: scenario.watch.errorRate ? 5 : undefined,
      errorRateWindowMs: 5 * MINUTE,
      minRequests: 20,
      unhealthyTargets: scenario.watch.unhealthyTargets,
    },
    bakeTimeMs: 0,
    onConflict: 'fail',
    blackout: [],
    force: false,
    dryRun: false,
    description: 'bench',
  };
  const quiet = {
    info: () => undefined,
    warning: () => undefined,
    group: <T>(_title: string, fn: () => Promise<T>) => fn(),
  };
  try {
    await deployService(clients, deployConfig, {
      clock,
      signal: new AbortController().signal,
      log: quiet,
      poll: scenario.poll,
    });
  } finally {
    [ecs, codedeploy, cloudwatch, elbv2, ecr, iam].forEach((m) => m.restore());
  }
  if (startedAt === undefined) throw new Error(`bench: the ${scenario.strategy} deployment never started`);
  return { startedAt, endedAt: now, rollbackRequestedAt, calls };
}

/** Deterministic instants spread over [from, to): the same simulated run every time the bench runs. */
function instants(count: number, from: number, to: number): number[] {
  let seed = 0x2545f491;
  return Array.from({ length: count }, () => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return Math.round(from + ((seed >>> 8) / 2 ** 24) * (to - from));
  });
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
const met = (ok: boolean): string => (ok ? '✅ met' : '❌ not met');
const ALL = { alarms: true, errorRate: true, unhealthyTargets: true };

async function reactionTimesWith(poll: PollTiming, name: string): Promise<void> {
  const rows: string[][] = [];
  const at = instants(SAMPLES, 30_000, 20 * MINUTE);
  for (const strategy of ['codedeploy', 'native', 'rolling'] as const) {
    const delays: number[] = [];
    for (const finishAfterMs of at) {
      const run = await simulate({ strategy, finishAfterMs, watch: ALL, poll });
      delays.push(run.endedAt - (run.startedAt + finishAfterMs));
    }
    const p95 = percentile(delays, 95);
    rows.push([
      `end noticed (${strategy})`,
      seconds(percentile(delays, 50)),
      seconds(p95),
      `p95 ≤ ${seconds(GOALS.endP95Ms)} ${met(p95 <= GOALS.endP95Ms)}`,
    ]);
  }
  for (const kind of ['alarm', 'error-rate', 'unhealthy-targets'] as const) {
    const delays: number[] = [];
    for (const afterMs of at) {
      const run = await simulate({ strategy: 'codedeploy', trigger: { kind, afterMs }, watch: ALL, poll });
      if (run.rollbackRequestedAt === undefined) throw new Error(`bench: the ${kind} trigger was never acted on`);
      delays.push(run.rollbackRequestedAt - (run.startedAt + afterMs));
    }
    const p95 = percentile(delays, 95);
    rows.push([
      `trigger → rollback request (${kind})`,
      seconds(percentile(delays, 50)),
      seconds(p95),
      `p95 ≤ ${seconds(GOALS.triggerP95Ms)} ${met(p95 <= GOALS.triggerP95Ms)}`,
    ]);
  }
  console.log(
    `\n## Reaction time of a deploy, ${name} (simulated clock, ${SAMPLES} instants each, all triggers watched)\n`,
  );
  console.log(markdownTable(['from → to', 'p50', 'p95', 'goal'], rows, ['left', 'right', 'right', 'left']));

  const settled: string[][] = [];
  for (const strategy of ['codedeploy', 'native', 'rolling'] as const) {
    for (const watch of [{ alarms: false, errorRate: false, unhealthyTargets: false }, ALL]) {
      const run = await simulate({ strategy, watch, poll });
      const perMinute = run.calls.filter((t) => t - run.startedAt >= 20 * MINUTE && t - run.startedAt < 21 * MINUTE);
      const label = watch.alarms ? 'alarm + error rate + unhealthy targets' : 'none';
      settled.push([
        strategy,
        label,
        String(perMinute.length),
        `≤ ${GOALS.callsPerMinute} ${met(perMinute.length <= GOALS.callsPerMinute)}`,
      ]);
    }
  }
  console.log(`\n## AWS calls per minute once settled, ${name} (minute 20 of a deployment that does not end)\n`);
  console.log(markdownTable(['strategy', 'triggers', 'calls in minute 20', 'goal'], settled));
}

const describe = (poll: PollTiming): string =>
  `poll ${seconds(poll.initialMs)} ×${poll.factor} up to ${seconds(poll.maxMs)}`;

/**
 * The figures for the poll timing deployService uses (DEFAULT_POLL), then for a candidate capped at 10 s, which
 * shows what meeting the reaction goals by the interval alone would cost in calls.
 */
export async function reactionTimes(): Promise<void> {
  await reactionTimesWith(DEFAULT_POLL, `today's ${describe(DEFAULT_POLL)}`);
  const candidate = { ...DEFAULT_POLL, maxMs: 10_000 };
  await reactionTimesWith(candidate, `candidate ${describe(candidate)}`);
}

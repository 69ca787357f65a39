import { jest } from '@jest/globals';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CodeDeployClient } from '@aws-sdk/client-codedeploy';
import { ECRClient } from '@aws-sdk/client-ecr';
import {
  DescribeClustersCommand,
  DescribeTaskDefinitionCommand,
  ECSClient,
  RegisterTaskDefinitionCommand,
  type Service,
  type TaskDefinition,
} from '@aws-sdk/client-ecs';
import { DescribeTargetGroupsCommand, ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { GetRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { DescribeImagesCommand } from '@aws-sdk/client-ecr';
import { mockClient } from 'aws-sdk-client-mock';
import type { Clock, DeployClients, DeployConfig, DeployEnvironment, DeployLogger } from '@credex/ecs-deploy';
import { sleep } from '@credex/action-kit';

export const REGION = 'af-south-1';
export const ACCOUNT = '123456789012';
export const CLUSTER = 'credex-cluster-staging';
export const SERVICE = 'credex-core-service-staging';
export const TG = `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:targetgroup/credex-tg-staging/0123456789abcdef`;
export const TG_GREEN = `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:targetgroup/credex-tg-staging-green/fedcba9876543210`;
export const LB = `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:loadbalancer/app/credex-alb-staging/1111222233334444`;
export const tdArn = (revision: number): string =>
  `arn:aws:ecs:${REGION}:${ACCOUNT}:task-definition/credex-core-staging:${revision}`;

export const mocks = {
  ecs: mockClient(ECSClient),
  codedeploy: mockClient(CodeDeployClient),
  cloudwatch: mockClient(CloudWatchClient),
  elbv2: mockClient(ElasticLoadBalancingV2Client),
  ecr: mockClient(ECRClient),
  iam: mockClient(IAMClient),
};

export function clients(): DeployClients {
  const config = { region: REGION, credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test-secret' } };
  return {
    ecs: new ECSClient(config),
    codedeploy: new CodeDeployClient(config),
    cloudwatch: new CloudWatchClient(config),
    elbv2: new ElasticLoadBalancingV2Client(config),
    ecr: new ECRClient(config),
    iam: new IAMClient(config),
  };
}

export function taskDefinition(revision: number): TaskDefinition {
  return {
    taskDefinitionArn: tdArn(revision),
    family: 'credex-core-staging',
    revision,
    status: 'ACTIVE',
    taskRoleArn: `arn:aws:iam::${ACCOUNT}:role/credex-core-task-staging`,
    executionRoleArn: `arn:aws:iam::${ACCOUNT}:role/credex-core-execution-staging`,
    networkMode: 'awsvpc',
    cpu: '1024',
    memory: '2048',
    requiresCompatibilities: ['FARGATE'],
    compatibilities: ['EC2', 'FARGATE'],
    containerDefinitions: [
      {
        name: 'credex-core',
        image: `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/credex-core-staging:rev${revision}`,
        portMappings: [{ containerPort: 3000 }],
        environment: [{ name: 'NODE_ENV', value: 'staging' }],
      },
    ],
  };
}

export function service(kind: 'rolling' | 'native' | 'codedeploy', overrides: Partial<Service> = {}): Service {
  const network = {
    awsvpcConfiguration: {
      subnets: ['subnet-a', 'subnet-b'],
      securityGroups: ['sg-1'],
      assignPublicIp: 'DISABLED' as const,
    },
  };
  const base: Service = {
    serviceName: SERVICE,
    serviceArn: `arn:aws:ecs:${REGION}:${ACCOUNT}:service/${CLUSTER}/${SERVICE}`,
    status: 'ACTIVE',
    desiredCount: 2,
    taskDefinition: tdArn(41),
    loadBalancers: [{ targetGroupArn: TG, containerName: 'credex-core', containerPort: 3000 }],
    networkConfiguration: network,
    platformVersion: 'LATEST',
    deploymentController: { type: kind === 'codedeploy' ? 'CODE_DEPLOY' : 'ECS' },
    deploymentConfiguration:
      kind === 'native' ? { strategy: 'BLUE_GREEN', bakeTimeInMinutes: 5 } : { strategy: 'ROLLING' },
    deployments:
      kind === 'codedeploy'
        ? []
        : [
            {
              id: 'ecs-svc/old',
              status: 'PRIMARY',
              taskDefinition: tdArn(41),
              rolloutState: 'COMPLETED',
              desiredCount: 2,
              runningCount: 2,
            },
          ],
    events: [],
  };
  if (kind === 'native') {
    base.loadBalancers = [
      {
        targetGroupArn: TG,
        containerName: 'credex-core',
        containerPort: 3000,
        advancedConfiguration: {
          alternateTargetGroupArn: TG_GREEN,
          productionListenerRule: 'rule/prod',
          roleArn: 'arn:aws:iam::1:role/ecs-lb',
        },
      },
    ];
  }
  if (kind === 'codedeploy') {
    base.taskSets = [
      {
        status: 'PRIMARY',
        taskDefinition: tdArn(41),
        loadBalancers: base.loadBalancers,
        networkConfiguration: network,
        platformVersion: '1.4.0',
        capacityProviderStrategy: [{ capacityProvider: 'FARGATE', weight: 1, base: 0 }],
      },
    ];
  }
  return { ...base, ...overrides };
}

/** Answers the read calls every deploy makes before it changes anything (preflight, current task definition). */
export function mockReads(): void {
  mocks.ecs.on(DescribeClustersCommand).resolves({ clusters: [{ clusterName: CLUSTER, status: 'ACTIVE' }] });
  mocks.ecs.on(DescribeTaskDefinitionCommand).callsFake((input: { taskDefinition: string }) => {
    const revision = Number(input.taskDefinition.split(':').pop());
    return { taskDefinition: taskDefinition(revision), tags: [] };
  });
  mocks.ecs.on(RegisterTaskDefinitionCommand).resolves({ taskDefinition: taskDefinition(42) });
  const byName: Record<string, string> = { 'credex-tg-staging': TG, 'credex-tg-staging-green': TG_GREEN };
  mocks.elbv2.on(DescribeTargetGroupsCommand).callsFake((input: { TargetGroupArns?: string[]; Names?: string[] }) => ({
    TargetGroups: (input.TargetGroupArns ?? (input.Names ?? []).map((n) => byName[n]!)).map((arn) => ({
      TargetGroupArn: arn,
      TargetGroupName: arn.split('/')[1],
      HealthCheckPath: '/health',
      LoadBalancerArns: [LB],
    })),
  }));
  mocks.iam
    .on(GetRoleCommand)
    .resolves({ Role: { RoleName: 'r', Arn: 'a', Path: '/', RoleId: 'i', CreateDate: new Date() } });
  mocks.ecr.on(DescribeImagesCommand).resolves({ imageDetails: [{ imageTags: ['x'] }] });
}

export function resetMocks(): void {
  for (const mock of Object.values(mocks)) mock.reset();
}

/** Time driven by jest's fake timers (Date.now and setTimeout are both faked). */
export const fakeClock: Clock = {
  now: () => Date.now(),
  sleep,
};

export interface CapturedLog extends DeployLogger {
  lines: string[];
  warnings: string[];
}

export function captureLog(): CapturedLog {
  const lines: string[] = [];
  const warnings: string[] = [];
  return {
    lines,
    warnings,
    info: (message) => void lines.push(message),
    warning: (message) => void warnings.push(message),
    group: async (title, fn) => {
      lines.push(`## ${title}`);
      return fn();
    },
  };
}

export function environment(log: CapturedLog, signal = new AbortController().signal): DeployEnvironment {
  return {
    clock: fakeClock,
    signal,
    log,
    poll: { initialMs: 5_000, maxMs: 30_000, factor: 1.5, rollbackGraceMs: 600_000 },
  };
}

export function config(overrides: Partial<DeployConfig> = {}): DeployConfig {
  return {
    ref: { cluster: CLUSTER, service: SERVICE },
    region: REGION,
    source: { kind: 'current' },
    render: {
      images: [
        { container: 'credex-core', image: `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/credex-core-staging:abc123` },
      ],
      environment: new Map(),
      secrets: new Map(),
    },
    codedeploy: { hooks: new Map() },
    timeoutMs: 30 * 60_000,
    waitForTermination: true,
    triggers: { alarms: [], errorRateWindowMs: 300_000, minRequests: 20, unhealthyTargets: false },
    bakeTimeMs: 0,
    onConflict: 'fail',
    blackout: [],
    force: false,
    dryRun: false,
    description: 'test deploy',
    ...overrides,
  };
}

/** Runs a deploy to completion with fake time, returning its result or its error. */
export async function settle<T>(promise: Promise<T>): Promise<T> {
  let done = false;
  const tracked = promise.finally(() => {
    done = true;
  });
  tracked.catch(() => undefined);
  for (let i = 0; i < 10_000 && !done; i++) await jest.advanceTimersByTimeAsync(1_000);
  return tracked;
}

/** Names of the AWS calls that change something, across all mocked clients. */
export function writeCalls(): string[] {
  const writes = /^(Register|Deregister|Update|Create|Stop|Continue|Delete|Put)/;
  const all = Object.values(mocks) as unknown as { calls(): { args: unknown[] }[] }[];
  return all
    .flatMap((mock) => mock.calls())
    .map((call) => (call.args[0] as { constructor: { name: string } }).constructor.name.replace(/Command$/, ''))
    .filter((name) => writes.test(name));
}

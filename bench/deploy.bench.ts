// blue-green-deploy and rollback: bundle size and cold start of each committed bundle, next to the official
// aws-actions/amazon-ecs-deploy-task-definition (2.6 MB main bundle plus chunks, its published figure, used as a
// reference number only), and the AWS calls per minute the wait loop makes while a deployment is in progress.
//
// Cold start = spawning `node dist/<name>/index.js` with no inputs until it exits at input validation (exit 1, one
// ::error line): node start + bundle load + validation. Median of N runs after one warm-up.
// Calls per minute: deployService against aws-sdk-client-mock clients whose deployment never finishes, on a virtual
// clock (no real waiting), for 30 simulated minutes; the timeout then rolls it back.
// Reaction times (end noticed, trigger → rollback request) and settled calls per minute: bench/deploy-reaction.ts.
// Usage: npm run bench -- deploy [-- --runs 10]
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
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
  type Service,
} from '@aws-sdk/client-ecs';
import {
  DescribeTargetGroupsCommand,
  DescribeTargetHealthCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { GetRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import { deployService, type Clock, type DeployClients, type DeployConfig } from '@credex/ecs-deploy';
import { markdownTable } from '@credex/reports';
import { reactionTimes } from './deploy-reaction';

const root = resolve(import.meta.dirname, '..');
const OFFICIAL_MAIN_BYTES = 2.6 * 1024 * 1024;
const runsOption = process.argv.indexOf('--runs');
const runs = Math.max(1, Number(runsOption !== -1 ? process.argv[runsOption + 1] : 10) || 10);

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(2)} MB`;
}

function coldStart(bundle: string, scratch: string): Promise<{ ms: number; code: number | null; stdout: string }> {
  for (const file of ['output', 'state', 'env', 'summary']) writeFileSync(join(scratch, file), '');
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!k.startsWith('INPUT_') && !k.startsWith('GITHUB_') && !k.startsWith('RUNNER_')) env[k] = v;
  }
  Object.assign(env, {
    NODE_OPTIONS: '',
    GITHUB_ACTIONS: 'true',
    GITHUB_OUTPUT: join(scratch, 'output'),
    GITHUB_STATE: join(scratch, 'state'),
    GITHUB_ENV: join(scratch, 'env'),
    GITHUB_STEP_SUMMARY: join(scratch, 'summary'),
    AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
    AWS_REGION: 'af-south-1',
  });
  return new Promise((done, fail) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, [bundle], { env, stdio: ['ignore', 'pipe', 'ignore'] });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.on('error', fail);
    child.on('exit', (code) => done({ ms: Number(process.hrtime.bigint() - started) / 1e6, code, stdout }));
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function bundles(): Promise<void> {
  const scratch = mkdtempSync(join(tmpdir(), 'bench-deploy-'));
  const rows: string[][] = [];
  try {
    for (const name of ['blue-green-deploy', 'rollback']) {
      const file = join(root, 'dist', name, 'index.js');
      const bytes = statSync(file).size;
      const gzip = gzipSync(readFileSync(file)).length;
      await coldStart(file, scratch);
      const times: number[] = [];
      let ended = '';
      for (let i = 0; i < runs; i++) {
        const run = await coldStart(file, scratch);
        times.push(run.ms);
        ended = `exit ${run.code}${/::error::/.test(run.stdout) ? ', input error' : ''}`;
      }
      rows.push([
        name,
        mb(bytes),
        mb(gzip),
        `${(bytes / OFFICIAL_MAIN_BYTES).toFixed(2)}×`,
        `${median(times).toFixed(0)} ms`,
        ended,
      ]);
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  rows.push(['official amazon-ecs-deploy-task-definition (reference)', '2.60 MB + chunks', '—', '1.00×', '—', '—']);
  console.log(`\n## deploy bundles (cold start: median of ${runs})\n`);
  console.log(markdownTable(['bundle', 'size', 'gzip', 'vs official main', 'cold start', 'ended by'], rows));
}

// ---- calls per minute while waiting ----

const TG = 'arn:aws:elasticloadbalancing:af-south-1:123456789012:targetgroup/credex-tg-staging/0123456789abcdef';
const LB = 'arn:aws:elasticloadbalancing:af-south-1:123456789012:loadbalancer/app/credex-alb-staging/1111222233334444';
const td = (revision: number): string =>
  `arn:aws:ecs:af-south-1:123456789012:task-definition/credex-core-staging:${revision}`;

function serviceOf(kind: 'codedeploy' | 'native' | 'rolling'): Service {
  return {
    serviceName: 'credex-core-service-staging',
    status: 'ACTIVE',
    taskDefinition: td(41),
    deploymentController: { type: kind === 'codedeploy' ? 'CODE_DEPLOY' : 'ECS' },
    deploymentConfiguration: { strategy: kind === 'native' ? 'BLUE_GREEN' : 'ROLLING' },
    loadBalancers: [{ targetGroupArn: TG, containerName: 'credex-core', containerPort: 3000 }],
    deployments: [{ id: 'ecs-svc/old', status: 'PRIMARY', taskDefinition: td(41), rolloutState: 'COMPLETED' }],
  };
}

async function callsPerMinute(kind: 'codedeploy' | 'native' | 'rolling', withTriggers: boolean) {
  let now = Date.parse('2026-11-28T10:00:00Z');
  const clock: Clock = { now: () => now, sleep: (ms) => ((now += ms), Promise.resolve()) };
  const times: number[] = [];
  const ecs = mockClient(ECSClient);
  const codedeploy = mockClient(CodeDeployClient);
  const cloudwatch = mockClient(CloudWatchClient);
  const elbv2 = mockClient(ElasticLoadBalancingV2Client);
  const ecr = mockClient(ECRClient);
  const iam = mockClient(IAMClient);
  const restore = (): void => [ecs, codedeploy, cloudwatch, elbv2, ecr, iam].forEach((m) => m.restore());
  let following = false;
  let stopped = false;
  const count =
    <T>(value: T) =>
    () => {
      if (following) times.push(now);
      return value;
    };
  const inProgress = {
    id: 'ecs-svc/new',
    status: 'PRIMARY',
    taskDefinition: td(42),
    rolloutState: 'IN_PROGRESS' as const,
  };
  ecs.on(DescribeServicesCommand).callsFake(() => {
    if (following) times.push(now);
    const s = serviceOf(kind);
    if (following && kind === 'rolling')
      s.deployments = [stopped ? { ...inProgress, id: 'ecs-svc/back', rolloutState: 'COMPLETED' } : inProgress];
    if (stopped && kind === 'rolling')
      s.deployments = [{ ...inProgress, id: 'ecs-svc/back', taskDefinition: td(41), rolloutState: 'COMPLETED' }];
    return { services: [s] };
  });
  ecs.on(DescribeClustersCommand).resolves({ clusters: [{ status: 'ACTIVE' }] });
  ecs.on(DescribeTaskDefinitionCommand).resolves({
    taskDefinition: {
      taskDefinitionArn: td(41),
      family: 'credex-core-staging',
      containerDefinitions: [{ name: 'credex-core', image: 'x:1', portMappings: [{ containerPort: 3000 }] }],
    },
  });
  ecs.on(RegisterTaskDefinitionCommand).resolves({ taskDefinition: { taskDefinitionArn: td(42) } });
  ecs.on(UpdateServiceCommand).callsFake((input: { taskDefinition: string }) => {
    following = true;
    if (input.taskDefinition === td(41)) stopped = true;
    return {
      service: {
        ...serviceOf(kind),
        currentServiceDeployment: 'arn:sd',
        deployments: [{ ...inProgress, id: input.taskDefinition === td(41) ? 'ecs-svc/back' : 'ecs-svc/new' }],
      },
    };
  });
  ecs.on(DescribeServiceDeploymentsCommand).callsFake(() => {
    times.push(now);
    return {
      serviceDeployments: [{ status: stopped ? 'ROLLBACK_SUCCESSFUL' : 'IN_PROGRESS', lifecycleStage: 'SCALE_UP' }],
    };
  });
  ecs.on(StopServiceDeploymentCommand).callsFake(() => ((stopped = true), {}));
  codedeploy.on(GetDeploymentGroupCommand).resolves({
    deploymentGroupInfo: {
      ecsServices: [{ clusterName: 'credex-cluster-staging', serviceName: 'credex-core-service-staging' }],
    },
  });
  codedeploy.on(ListDeploymentsCommand).resolves({ deployments: [] });
  codedeploy.on(CreateDeploymentCommand).callsFake(() => ((following = true), { deploymentId: 'd-BENCH' }));
  codedeploy.on(GetDeploymentCommand).callsFake(() => {
    times.push(now);
    return { deploymentInfo: { status: stopped ? 'Stopped' : 'InProgress' } };
  });
  codedeploy.on(ListDeploymentTargetsCommand).callsFake(count({ targetIds: ['t'] }));
  codedeploy
    .on(GetDeploymentTargetCommand)
    .callsFake(count({ deploymentTarget: { ecsTarget: { lifecycleEvents: [] } } }));
  codedeploy.on(StopDeploymentCommand).callsFake(() => ((stopped = true), {}));
  cloudwatch.on(DescribeAlarmsCommand).callsFake(count({ MetricAlarms: [{ AlarmName: 'a', StateValue: 'OK' }] }));
  cloudwatch.on(GetMetricDataCommand).callsFake(count({ MetricDataResults: [] }));
  elbv2
    .on(DescribeTargetGroupsCommand)
    .callsFake(count({ TargetGroups: [{ TargetGroupArn: TG, LoadBalancerArns: [LB] }] }));
  elbv2.on(DescribeTargetHealthCommand).callsFake(count({ TargetHealthDescriptions: [] }));
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
    timeoutMs: 30 * 60_000,
    waitForTermination: true,
    triggers: {
      alarms: withTriggers ? ['credex-core-staging-5xx'] : [],
      maxErrorRatePercent: withTriggers ? 5 : undefined,
      errorRateWindowMs: 300_000,
      minRequests: 20,
      unhealthyTargets: false,
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
    group: <T>(_t: string, fn: () => Promise<T>) => fn(),
  };
  const start = now;
  await deployService(clients, deployConfig, { clock, signal: new AbortController().signal, log: quiet });
  restore();
  const waiting = times.filter((t) => t - start < 30 * 60_000);
  const minute = (from: number) =>
    waiting.filter((t) => t - start >= from * 60_000 && t - start < (from + 1) * 60_000).length;
  return { first: minute(0), steady: minute(20), average: waiting.length / 30 };
}

async function poller(): Promise<void> {
  const rows: string[][] = [];
  for (const kind of ['codedeploy', 'native', 'rolling'] as const) {
    for (const withTriggers of [false, true]) {
      const r = await callsPerMinute(kind, withTriggers);
      rows.push([
        kind,
        withTriggers ? 'alarm + error rate' : 'none',
        String(r.first),
        String(r.steady),
        r.average.toFixed(1),
      ]);
    }
  }
  console.log('\n## AWS calls per minute while a deployment is in progress (30 simulated minutes)\n');
  console.log(markdownTable(['strategy', 'triggers', 'first minute', 'minute 20', 'average / min'], rows));
}

await bundles();
await poller();
await reactionTimes();

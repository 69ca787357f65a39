import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CloudWatchClient,
  DescribeAlarmsCommand,
  GetDashboardCommand,
  PutMetricAlarmCommand,
  type MetricAlarm,
} from '@aws-sdk/client-cloudwatch';
import { CreateSubnetCommand, CreateVpcCommand, EC2Client, RunInstancesCommand } from '@aws-sdk/client-ec2';
import { CreateLoadBalancerCommand, ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { runAction } from '../harness/run-bundle';
import { motoEnv } from '../integration/ecs/moto';
import { servicesEnv } from '../services/env';

// Runs dist/credex-alarms exactly as the runner does against moto (real CloudWatch alarm and dashboard storage, ELBv2,
// EC2 and STS as moto simulates them; no client mock). Each describe block has its own environment name, so the
// alarms it finds by prefix are its own.

const ACTION = 'credex-alarms';
const services = servicesEnv();
const awsEnv = motoEnv();
const config = {
  region: services.AWS_REGION,
  endpoint: services.AWS_ENDPOINT_URL,
  credentials: { accessKeyId: services.AWS_ACCESS_KEY_ID!, secretAccessKey: services.AWS_SECRET_ACCESS_KEY! },
};
const cloudwatch = new CloudWatchClient(config);
const ec2 = new EC2Client(config);
const elb = new ElasticLoadBalancingV2Client(config);

const uniqueEnvironment = (): string => `e2e${randomBytes(4).toString('hex')}`;

async function alarmsOf(environment: string): Promise<MetricAlarm[]> {
  const answer = await cloudwatch.send(new DescribeAlarmsCommand({ AlarmNamePrefix: `credex-core-${environment}-` }));
  return answer.MetricAlarms ?? [];
}

async function dashboardOf(environment: string): Promise<string | undefined> {
  try {
    return (await cloudwatch.send(new GetDashboardCommand({ DashboardName: `credex-core-${environment}` })))
      .DashboardBody;
  } catch {
    return undefined;
  }
}

/** credex-core's shape per environment: an ALB credex-alb-<env>, and two Neo4j EC2 instances tagged as Terraform does. */
async function seed(environment: string): Promise<{ loadBalancerArn: string; ledgerId: string }> {
  const vpc = await ec2.send(new CreateVpcCommand({ CidrBlock: '10.1.0.0/16' }));
  const subnets = await Promise.all(
    ['a', 'b'].map((zone, i) =>
      ec2.send(
        new CreateSubnetCommand({
          VpcId: vpc.Vpc!.VpcId!,
          CidrBlock: `10.1.${i}.0/24`,
          AvailabilityZone: `${services.AWS_REGION}${zone}`,
        }),
      ),
    ),
  );
  const alb = await elb.send(
    new CreateLoadBalancerCommand({
      Name: `credex-alb-${environment}`,
      Subnets: subnets.map((s) => s.Subnet!.SubnetId!),
      Type: 'application',
    }),
  );
  const ids: string[] = [];
  for (const name of ['LedgerSpace', 'SearchSpace']) {
    const answer = await ec2.send(
      new RunInstancesCommand({
        ImageId: 'ami-12c6146b',
        MinCount: 1,
        MaxCount: 1,
        InstanceType: 'r5.2xlarge',
        TagSpecifications: [
          {
            ResourceType: 'instance',
            Tags: [
              { Key: 'Name', Value: `Neo4j-${name}-${environment}` },
              { Key: 'Environment', Value: environment },
              { Key: 'Project', Value: 'credex-core' },
            ],
          },
        ],
      }),
    );
    ids.push(answer.Instances![0]!.InstanceId!);
  }
  return { loadBalancerArn: alb.LoadBalancers![0]!.LoadBalancerArn!, ledgerId: ids[0]! };
}

function workspace(environment: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'alarms-e2e-'));
  writeFileSync(
    join(dir, 'inventory.yml'),
    `environments:\n  ${environment}:\n    instances:\n` +
      `      - { name: ledger, role: ledger, uri: "bolt://10.1.0.10:7687", user-env: U, password-env: P, ec2-name: Neo4j-LedgerSpace-${environment} }\n` +
      `      - { name: search, role: search, uri: "bolt://10.1.0.11:7687", user-env: U, password-env: P, ec2-name: Neo4j-SearchSpace-${environment} }\n`,
  );
  return dir;
}

describe('credex-alarms bundle on moto', () => {
  const environment = uniqueEnvironment();
  let seeded: { loadBalancerArn: string; ledgerId: string };
  let dir: string;
  const inputs = (extra: Record<string, string> = {}) => ({
    environment,
    'aws-region': services.AWS_REGION,
    inventory: 'inventory.yml',
    'alarm-actions': 'arn:aws:sns:af-south-1:123456789012:credex-oncall',
    ...extra,
  });

  beforeAll(async () => {
    seeded = await seed(environment);
    dir = workspace(environment);
  }, 60_000);

  it('dry run by default: lists every change and writes nothing', async () => {
    const result = await runAction(ACTION, { workspace: dir, env: awsEnv, inputs: inputs() });
    expect(result.exitCode).toBe(0);
    // 2 ALB + 2 ECS + per instance 2 host + 6 health alarms, and the dashboard.
    expect(result.outputs.changes).toBe(String(2 + 2 + 2 * 8 + 1));
    expect(result.log).toContain(`would create alarm credex-core-${environment}-alb-5xx-rate`);
    expect(result.summary).toContain(`### credex-alarms: ${environment} (dry run)`);
    expect(await alarmsOf(environment)).toEqual([]);
    expect(await dashboardOf(environment)).toBeUndefined();
    const plan = JSON.parse(readFileSync(result.outputs['plan-file']!, 'utf8')) as { changes: { action: string }[] };
    expect(plan.changes.every((c) => c.action === 'create')).toBe(true);
  }, 90_000);

  it('applies the alarms and the dashboard; a second run changes nothing; drift is put back', async () => {
    const first = await runAction(ACTION, { workspace: dir, env: awsEnv, inputs: inputs({ 'dry-run': 'false' }) });
    expect(first.exitCode).toBe(0);
    expect(first.outputs.changes).toBe('21');
    expect(first.outputs['rollback-alarms']).toBe(
      `credex-core-${environment}-alb-5xx-rate\ncredex-core-${environment}-target-response-time`,
    );

    const alarms = new Map((await alarmsOf(environment)).map((a) => [a.AlarmName, a]));
    expect([...alarms.keys()].sort()).toEqual(first.outputs['alarm-names']!.split('\n').sort());
    const rate = alarms.get(`credex-core-${environment}-alb-5xx-rate`)!;
    const albDimension = seeded.loadBalancerArn.split(':loadbalancer/')[1];
    expect(rate).toMatchObject({
      Threshold: 1,
      EvaluationPeriods: 5,
      DatapointsToAlarm: 5,
      ComparisonOperator: 'GreaterThanThreshold',
    });
    expect(rate.AlarmActions).toEqual(['arn:aws:sns:af-south-1:123456789012:credex-oncall']);
    expect(rate.Metrics?.find((m) => m.Id === 'requests')?.MetricStat?.Metric?.Dimensions).toEqual([
      { Name: 'LoadBalancer', Value: albDimension },
    ]);
    expect(alarms.get(`credex-core-${environment}-target-response-time`)).toMatchObject({
      MetricName: 'TargetResponseTime',
      Threshold: 1,
      Statistic: 'Average',
    });
    expect(alarms.get(`credex-core-${environment}-ecs-memory`)?.Dimensions).toEqual([
      { Name: 'ClusterName', Value: `credex-cluster-${environment}` },
      { Name: 'ServiceName', Value: `credex-core-service-${environment}` },
    ]);
    expect(alarms.get(`credex-core-${environment}-neo4j-ledger-cpu`)).toMatchObject({
      Namespace: 'AWS/EC2',
      Threshold: 80,
      Dimensions: [{ Name: 'InstanceId', Value: seeded.ledgerId }],
    });
    expect(alarms.get(`credex-core-${environment}-neo4j-search-disk-free`)).toMatchObject({
      Namespace: 'Credex/Neo4j',
      MetricName: 'DiskFreePercent',
      ComparisonOperator: 'LessThanThreshold',
      Threshold: 15,
    });
    const dashboard = JSON.parse((await dashboardOf(environment))!) as {
      widgets: { type: string; properties: { alarms?: string[] } }[];
    };
    expect(dashboard.widgets).toHaveLength(1 + alarms.size);
    expect(dashboard.widgets[0]!.properties.alarms).toContain(
      `arn:aws:cloudwatch:${services.AWS_REGION}:123456789012:alarm:credex-core-${environment}-alb-5xx-rate`,
    );

    const second = await runAction(ACTION, { workspace: dir, env: awsEnv, inputs: inputs({ 'dry-run': 'false' }) });
    expect(second.exitCode).toBe(0);
    expect(second.outputs.changes).toBe('0');
    expect(second.log).toContain('0 change(s) applied with 0 write(s)');
    const after = await alarmsOf(environment);
    expect(after.map((a) => [a.AlarmName, a.AlarmConfigurationUpdatedTimestamp?.toISOString()]).sort()).toEqual(
      [...alarms.values()].map((a) => [a.AlarmName, a.AlarmConfigurationUpdatedTimestamp?.toISOString()]).sort(),
    );

    // Someone edits a threshold by hand: the next run names the field and puts it back.
    await cloudwatch.send(new PutMetricAlarmCommand({ ...rateRequest(rate), Threshold: 5 }));
    const third = await runAction(ACTION, { workspace: dir, env: awsEnv, inputs: inputs({ 'dry-run': 'false' }) });
    expect(third.outputs.changes).toBe('1');
    expect(third.log).toContain(`update alarm credex-core-${environment}-alb-5xx-rate (Threshold)`);
    expect((await alarmsOf(environment)).find((a) => a.AlarmName === rate.AlarmName)?.Threshold).toBe(1);
  }, 180_000);
});

function rateRequest(alarm: MetricAlarm) {
  return {
    AlarmName: alarm.AlarmName!,
    AlarmDescription: alarm.AlarmDescription,
    ComparisonOperator: alarm.ComparisonOperator!,
    EvaluationPeriods: alarm.EvaluationPeriods!,
    DatapointsToAlarm: alarm.DatapointsToAlarm,
    TreatMissingData: alarm.TreatMissingData,
    AlarmActions: alarm.AlarmActions,
    OKActions: alarm.OKActions,
    Metrics: alarm.Metrics,
  };
}

describe('credex-alarms bad input', () => {
  const environment = uniqueEnvironment();

  it.each([
    [{ environment: 'Prod!' }, `input 'environment' must be lower-case letters`],
    [{ environment, 'error-rate-percent': 'one' }, `input 'error-rate-percent' must be a number, got "one"`],
    [{ environment, 'alarm-actions': 'my-topic' }, `input 'alarm-actions' must list ARNs`],
    [{ environment, cluster: 'none' }, `inputs 'cluster' and 'service' must both be set or both be none`],
    [
      { environment, 'dry-run': 'false', discover: 'none' },
      `input 'load-balancer': no load balancer named 'credex-alb-${environment}'`,
    ],
  ])(
    '%j fails in one line and creates nothing',
    async (given, message) => {
      const result = await runAction(ACTION, { env: awsEnv, inputs: { 'aws-region': services.AWS_REGION, ...given } });
      expect(result.exitCode).toBe(1);
      const errors = result.annotations.filter((a) => a.level === 'error');
      expect(errors).toHaveLength(1);
      expect(errors[0]!.message).toContain(`credex-alarms: ${message}`);
      expect(errors[0]!.message).not.toContain('\n');
      expect(result.log).not.toMatch(/\n\s+at /);
      expect(await alarmsOf(environment)).toEqual([]);
      expect(await dashboardOf(environment)).toBeUndefined();
    },
    60_000,
  );
});

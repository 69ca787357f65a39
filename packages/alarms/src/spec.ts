import type { Dimension, MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import {
  DEFAULT_HEALTH_THRESHOLDS,
  HEALTH_METRICS,
  HEALTH_NAMESPACE,
  type HealthMetricKey,
} from '@credex/neo4j-health';
import { alarmName, instanceKey } from './names';

/** The fields of PutMetricAlarm this suite sets; every one is compared on the next run. */
export interface AlarmSpec {
  AlarmName: string;
  AlarmDescription: string;
  /** What the alarm is about, for the summary and the dashboard (not sent). */
  group: 'alb' | 'ecs' | 'neo4j';
  /** Fit for blue-green-deploy's rollback-on-alarms (the application's own health, not its hosts'). */
  rollback: boolean;
  ComparisonOperator: 'GreaterThanThreshold' | 'LessThanThreshold';
  Threshold: number;
  EvaluationPeriods: number;
  DatapointsToAlarm: number;
  TreatMissingData: 'missing' | 'notBreaching' | 'breaching' | 'ignore';
  ActionsEnabled: boolean;
  AlarmActions: string[];
  OKActions: string[];
  /** A single metric… */
  Namespace?: string;
  MetricName?: string;
  Dimensions?: Dimension[];
  Statistic?: 'Average' | 'Maximum' | 'Minimum' | 'Sum';
  Period?: number;
  /** …or metric math. */
  Metrics?: MetricDataQuery[];
}

export interface AlarmThresholds {
  errorRatePercent: number;
  responseTimeSeconds: number;
  ecsCpuPercent: number;
  ecsMemoryPercent: number;
  neo4jCpuPercent: number;
  neo4jMemoryPercent: number;
  heapPercent: number;
  diskFreePercent: number;
  pageCacheHitPercent: number;
  longestTransactionSeconds: number;
  /** "for 5 minutes": this many one-minute periods must all breach. */
  minutes: number;
}

/** The sizing document's alarms (ALB 5XX > 1 %, response time > 1 s, Neo4j CPU > 80 %, memory > 85 %, for 5 min);
 * the ECS service's take the Neo4j hosts' figures, and the health alarms neo4j-health's defaults. */
export const DEFAULT_ALARM_THRESHOLDS: AlarmThresholds = {
  errorRatePercent: 1,
  responseTimeSeconds: 1,
  ecsCpuPercent: 80,
  ecsMemoryPercent: 85,
  neo4jCpuPercent: DEFAULT_HEALTH_THRESHOLDS.cpuPercent,
  neo4jMemoryPercent: DEFAULT_HEALTH_THRESHOLDS.memoryPercent,
  heapPercent: DEFAULT_HEALTH_THRESHOLDS.heapPercent,
  diskFreePercent: DEFAULT_HEALTH_THRESHOLDS.diskFreePercent,
  pageCacheHitPercent: DEFAULT_HEALTH_THRESHOLDS.pageCacheHitPercent,
  longestTransactionSeconds: DEFAULT_HEALTH_THRESHOLDS.longestTransactionSeconds,
  minutes: 5,
};

export interface Neo4jInstance {
  /** The Instance dimension of the health metrics (the inventory's name, or the EC2 Name tag). */
  name: string;
  /** For the EC2 CPU and the CloudWatch agent's memory metric; without it only the health metrics are alarmed. */
  instanceId?: string;
}

export interface AlarmSettings {
  environment: string;
  /** `app/<name>/<id>`, the LoadBalancer dimension; no ALB alarms when absent. */
  loadBalancer?: string;
  /** No ECS alarms when absent. */
  ecs?: { cluster: string; service: string };
  neo4j: Neo4jInstance[];
  thresholds: AlarmThresholds;
  alarmActions: string[];
  okActions: string[];
}

const HEALTH_PERIOD_SECONDS = 300;

function base(settings: AlarmSettings, key: string, description: string): Omit<AlarmSpec, 'group' | 'rollback'> {
  return {
    AlarmName: alarmName(settings.environment, key),
    AlarmDescription: `${description} (managed by credex-alarms; edits are overwritten on its next run)`,
    ComparisonOperator: 'GreaterThanThreshold',
    Threshold: 0,
    EvaluationPeriods: settings.thresholds.minutes,
    DatapointsToAlarm: settings.thresholds.minutes,
    TreatMissingData: 'missing',
    ActionsEnabled: true,
    AlarmActions: [...settings.alarmActions],
    OKActions: [...settings.okActions],
  };
}

const metricStat = (id: string, namespace: string, name: string, dimensions: Dimension[]): MetricDataQuery => ({
  Id: id,
  MetricStat: { Metric: { Namespace: namespace, MetricName: name, Dimensions: dimensions }, Period: 60, Stat: 'Sum' },
  ReturnData: false,
});

function albAlarms(settings: AlarmSettings, loadBalancer: string): AlarmSpec[] {
  const t = settings.thresholds;
  const dims = [{ Name: 'LoadBalancer', Value: loadBalancer }];
  const ns = 'AWS/ApplicationELB';
  return [
    {
      ...base(settings, 'alb-5xx-rate', `5XX answers (ALB and targets) above ${t.errorRatePercent} % of requests`),
      group: 'alb',
      rollback: true,
      Threshold: t.errorRatePercent,
      // No requests is no error rate, not a breach.
      TreatMissingData: 'notBreaching',
      Metrics: [
        {
          Id: 'rate',
          Label: '5XX % of requests',
          Expression: 'IF(requests > 0, 100 * (FILL(target5xx, 0) + FILL(elb5xx, 0)) / requests, 0)',
          ReturnData: true,
        },
        metricStat('requests', ns, 'RequestCount', dims),
        metricStat('target5xx', ns, 'HTTPCode_Target_5XX_Count', dims),
        metricStat('elb5xx', ns, 'HTTPCode_ELB_5XX_Count', dims),
      ],
    },
    {
      ...base(settings, 'target-response-time', `Average target response time above ${t.responseTimeSeconds} s`),
      group: 'alb',
      rollback: true,
      Threshold: t.responseTimeSeconds,
      TreatMissingData: 'notBreaching',
      Namespace: ns,
      MetricName: 'TargetResponseTime',
      Dimensions: dims,
      Statistic: 'Average',
      Period: 60,
    },
  ];
}

function ecsAlarms(settings: AlarmSettings, cluster: string, service: string): AlarmSpec[] {
  const t = settings.thresholds;
  const dims = [
    { Name: 'ClusterName', Value: cluster },
    { Name: 'ServiceName', Value: service },
  ];
  const one = (key: string, metric: string, threshold: number, what: string): AlarmSpec => ({
    ...base(settings, key, `ECS service ${service} ${what} above ${threshold} %`),
    group: 'ecs',
    rollback: false,
    Threshold: threshold,
    Namespace: 'AWS/ECS',
    MetricName: metric,
    Dimensions: dims,
    Statistic: 'Average',
    Period: 60,
  });
  return [
    one('ecs-cpu', 'CPUUtilization', t.ecsCpuPercent, 'CPU'),
    one('ecs-memory', 'MemoryUtilization', t.ecsMemoryPercent, 'memory'),
  ];
}

function neo4jAlarms(settings: AlarmSettings, instance: Neo4jInstance): AlarmSpec[] {
  const t = settings.thresholds;
  const key = `neo4j-${instanceKey(instance.name, settings.environment)}`;
  const alarms: AlarmSpec[] = [];
  const hostAlarm = (suffix: string, namespace: string, metric: string, threshold: number, what: string) => ({
    ...base(
      settings,
      `${key}-${suffix}`,
      `Neo4j ${instance.name} (${instance.instanceId}) ${what} above ${threshold} %`,
    ),
    group: 'neo4j' as const,
    rollback: false,
    Threshold: threshold,
    Namespace: namespace,
    MetricName: metric,
    Dimensions: [{ Name: 'InstanceId', Value: instance.instanceId! }],
    Statistic: 'Average' as const,
    Period: 60,
  });
  if (instance.instanceId) {
    alarms.push(hostAlarm('cpu', 'AWS/EC2', 'CPUUtilization', t.neo4jCpuPercent, 'CPU'));
    // EC2 publishes no memory metric: this is the CloudWatch agent's (the instance needs the agent).
    alarms.push(hostAlarm('memory', 'CWAgent', 'mem_used_percent', t.neo4jMemoryPercent, 'memory'));
  }
  const dims = [
    { Name: 'Environment', Value: settings.environment },
    { Name: 'Instance', Value: instance.name },
  ];
  const health = (
    suffix: string,
    metric: HealthMetricKey,
    operator: AlarmSpec['ComparisonOperator'],
    threshold: number,
    what: string,
    statistic: AlarmSpec['Statistic'] = 'Maximum',
  ): AlarmSpec => ({
    ...base(settings, `${key}-${suffix}`, `Neo4j ${instance.name} ${what} (neo4j-health metric)`),
    group: 'neo4j',
    rollback: false,
    ComparisonOperator: operator,
    Threshold: threshold,
    // neo4j-health runs on a schedule: one breaching run is enough, and no run is no news.
    EvaluationPeriods: 1,
    DatapointsToAlarm: 1,
    Namespace: HEALTH_NAMESPACE,
    MetricName: HEALTH_METRICS[metric].name,
    Dimensions: dims,
    Statistic: statistic,
    Period: HEALTH_PERIOD_SECONDS,
  });
  alarms.push(
    health(
      'host-memory',
      'hostMemoryUsed',
      'GreaterThanThreshold',
      t.neo4jMemoryPercent,
      `host memory above ${t.neo4jMemoryPercent} %`,
    ),
    health('heap', 'heapUsed', 'GreaterThanThreshold', t.heapPercent, `heap above ${t.heapPercent} %`),
    health(
      'disk-free',
      'diskFree',
      'LessThanThreshold',
      t.diskFreePercent,
      `free disk below ${t.diskFreePercent} %`,
      'Minimum',
    ),
    health(
      'page-cache-hits',
      'pageCacheHitRatio',
      'LessThanThreshold',
      t.pageCacheHitPercent,
      `page cache hit ratio below ${t.pageCacheHitPercent} %`,
      'Minimum',
    ),
    health(
      'longest-transaction',
      'longestTransaction',
      'GreaterThanThreshold',
      t.longestTransactionSeconds,
      `transaction running longer than ${t.longestTransactionSeconds} s`,
    ),
    health('failed-checks', 'failedChecks', 'GreaterThanThreshold', 0, 'health check failed'),
  );
  return alarms;
}

/** Every alarm an environment should have, in a stable order. */
export function desiredAlarms(settings: AlarmSettings): AlarmSpec[] {
  return [
    ...(settings.loadBalancer ? albAlarms(settings, settings.loadBalancer) : []),
    ...(settings.ecs ? ecsAlarms(settings, settings.ecs.cluster, settings.ecs.service) : []),
    ...settings.neo4j.flatMap((instance) => neo4jAlarms(settings, instance)),
  ];
}

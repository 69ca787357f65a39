import { DescribeAlarmsCommand, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { DescribeTargetGroupsCommand, DescribeTargetHealthCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { DeployClients } from './clients';

export interface TriggerConfig {
  /** CloudWatch alarm names; any in ALARM rolls back. */
  alarms: string[];
  /** Highest acceptable share of 5xx responses from targets, in percent; undefined = not checked. */
  maxErrorRatePercent?: number;
  errorRateWindowMs: number;
  /** Fewer requests than this in the window: too little traffic to judge a rate. */
  minRequests: number;
  /** Any target in state `unhealthy` rolls back (checked once traffic is on the new version). */
  unhealthyTargets: boolean;
}

export interface Breach {
  trigger: 'alarm' | 'error-rate' | 'unhealthy-targets';
  message: string;
}

export async function alarmsInAlarm(clients: Pick<DeployClients, 'cloudwatch'>, names: string[]): Promise<string[]> {
  if (names.length === 0) return [];
  const firing: string[] = [];
  for (let i = 0; i < names.length; i += 100) {
    const result = await clients.cloudwatch.send(new DescribeAlarmsCommand({ AlarmNames: names.slice(i, i + 100) }));
    for (const alarm of [...(result.MetricAlarms ?? []), ...(result.CompositeAlarms ?? [])]) {
      if (alarm.StateValue === 'ALARM' && alarm.AlarmName)
        firing.push(`${alarm.AlarmName} (${alarm.StateReason ?? 'in ALARM'})`);
    }
  }
  return firing;
}

/** `targetgroup/name/id` and `app/name/id`: the ALB metric dimensions, taken from the ARNs. */
export function metricDimensions(targetGroupArn: string, loadBalancerArn: string) {
  const tg = targetGroupArn.slice(targetGroupArn.indexOf('targetgroup/'));
  const lb = loadBalancerArn.slice(loadBalancerArn.indexOf(':loadbalancer/') + ':loadbalancer/'.length);
  return [
    { Name: 'TargetGroup', Value: tg },
    { Name: 'LoadBalancer', Value: lb },
  ];
}

/** Target group -> its load balancer; a target group's load balancer does not change during a deploy. */
const loadBalancerOf = new Map<string, string | undefined>();

export interface ErrorRate {
  errors: number;
  requests: number;
  percent: number;
}

/** 5xx from targets over requests, summed over the target groups and the window ending now. */
export async function targetErrorRate(
  clients: Pick<DeployClients, 'cloudwatch' | 'elbv2'>,
  targetGroupArns: string[],
  windowMs: number,
  now: number,
): Promise<ErrorRate> {
  if (targetGroupArns.length === 0) return { errors: 0, requests: 0, percent: 0 };
  const unknown = targetGroupArns.filter((arn) => !loadBalancerOf.has(arn));
  if (unknown.length > 0) {
    const groups = await clients.elbv2.send(new DescribeTargetGroupsCommand({ TargetGroupArns: unknown }));
    for (const group of groups.TargetGroups ?? []) {
      if (group.TargetGroupArn) loadBalancerOf.set(group.TargetGroupArn, group.LoadBalancerArns?.[0]);
    }
  }
  const queries = targetGroupArns.flatMap((arn, index) => {
    const lb = loadBalancerOf.get(arn);
    if (!lb) return [];
    const dimensions = metricDimensions(arn, lb);
    const period = Math.max(60, Math.ceil(windowMs / 60_000) * 60);
    const metric = (id: string, name: string) => ({
      Id: `${id}${index}`,
      MetricStat: {
        Metric: { Namespace: 'AWS/ApplicationELB', MetricName: name, Dimensions: dimensions },
        Period: period,
        Stat: 'Sum',
      },
    });
    return [metric('errors', 'HTTPCode_Target_5XX_Count'), metric('requests', 'RequestCount')];
  });
  if (queries.length === 0) return { errors: 0, requests: 0, percent: 0 };
  const result = await clients.cloudwatch.send(
    new GetMetricDataCommand({
      MetricDataQueries: queries,
      StartTime: new Date(now - windowMs),
      EndTime: new Date(now),
    }),
  );
  let errors = 0;
  let requests = 0;
  for (const series of result.MetricDataResults ?? []) {
    const sum = (series.Values ?? []).reduce((a, b) => a + b, 0);
    if (series.Id?.startsWith('errors')) errors += sum;
    else requests += sum;
  }
  return { errors, requests, percent: requests > 0 ? (errors / requests) * 100 : 0 };
}

export async function unhealthyTargetCount(
  clients: Pick<DeployClients, 'elbv2'>,
  targetGroupArns: string[],
): Promise<number> {
  let count = 0;
  for (const arn of targetGroupArns) {
    const health = await clients.elbv2.send(new DescribeTargetHealthCommand({ TargetGroupArn: arn }));
    count += (health.TargetHealthDescriptions ?? []).filter((d) => d.TargetHealth?.State === 'unhealthy').length;
  }
  return count;
}

export function triggersConfigured(config: TriggerConfig): boolean {
  return config.alarms.length > 0 || config.maxErrorRatePercent !== undefined || config.unhealthyTargets;
}

/** Checks every configured trigger; returns the first breach found. */
export async function checkTriggers(
  clients: Pick<DeployClients, 'cloudwatch' | 'elbv2'>,
  config: TriggerConfig,
  targetGroupArns: string[],
  options: { now: number; trafficOnNewVersion: boolean },
): Promise<Breach | undefined> {
  const firing = await alarmsInAlarm(clients, config.alarms);
  if (firing.length > 0) return { trigger: 'alarm', message: `alarm in ALARM: ${firing.join(', ')}` };
  if (config.maxErrorRatePercent !== undefined) {
    const rate = await targetErrorRate(clients, targetGroupArns, config.errorRateWindowMs, options.now);
    if (rate.requests >= config.minRequests && rate.percent > config.maxErrorRatePercent) {
      return {
        trigger: 'error-rate',
        message: `target 5xx rate ${rate.percent.toFixed(2)}% (${rate.errors}/${rate.requests} requests) is above max-error-rate ${config.maxErrorRatePercent}%`,
      };
    }
  }
  if (config.unhealthyTargets && options.trafficOnNewVersion) {
    const unhealthy = await unhealthyTargetCount(clients, targetGroupArns);
    if (unhealthy > 0)
      return { trigger: 'unhealthy-targets', message: `${unhealthy} unhealthy target(s) behind the service` };
  }
  return undefined;
}

import type { MetricAlarm, PutMetricAlarmInput } from '@aws-sdk/client-cloudwatch';
import type { SetupConfig } from './config';

/**
 * The two load balancer alarms credex-core's sizing document asks for (docs/develop/deployment/
 * instance_sizing_technical.html at 9028233): 5XX answers above 1 % of requests for 5 minutes, and target response
 * time above 1 s for 5 minutes. Both watch the whole load balancer (ELB-generated and target 5XX, over every target
 * group), so they hold whichever target group is live. They are the deployment's rollback triggers: ECS's
 * deploymentConfiguration.alarms and blue-green-deploy's rollback-on-alarms both take these names.
 */

const PERIOD_S = 60;
const MINUTES = 5;

function elbMetric(id: string, metricName: string, loadBalancerDimension: string, stat: string) {
  return {
    Id: id,
    MetricStat: {
      Metric: {
        Namespace: 'AWS/ApplicationELB',
        MetricName: metricName,
        Dimensions: [{ Name: 'LoadBalancer', Value: loadBalancerDimension }],
      },
      Period: PERIOD_S,
      Stat: stat,
    },
    ReturnData: false,
  };
}

/** `app/<name>/<id>`: the LoadBalancer dimension CloudWatch uses, the tail of the load balancer's ARN. */
export function loadBalancerDimension(loadBalancerArn: string): string {
  const match = /:loadbalancer\/(app\/[^/]+\/[^/]+)$/.exec(loadBalancerArn);
  if (!match?.[1]) throw new Error(`not an Application Load Balancer ARN: ${loadBalancerArn}`);
  return match[1];
}

export function alarmDefinitions(config: SetupConfig, loadBalancerArn: string): PutMetricAlarmInput[] {
  const lb = loadBalancerDimension(loadBalancerArn);
  const common = {
    ComparisonOperator: 'GreaterThanThreshold' as const,
    EvaluationPeriods: MINUTES,
    DatapointsToAlarm: MINUTES,
    TreatMissingData: 'notBreaching',
    ActionsEnabled: true,
  };
  return [
    {
      ...common,
      AlarmName: config.alarms.errorRate,
      AlarmDescription: `credex-core ${config.environment}: 5XX answers above 1 % of requests for 5 minutes (rolls a deployment back)`,
      Threshold: 1,
      Metrics: [
        {
          Id: 'rate',
          Expression: 'IF(requests > 0, 100 * (FILL(elb5xx, 0) + FILL(target5xx, 0)) / requests, 0)',
          Label: '5XX % of requests',
          ReturnData: true,
        },
        elbMetric('elb5xx', 'HTTPCode_ELB_5XX_Count', lb, 'Sum'),
        elbMetric('target5xx', 'HTTPCode_Target_5XX_Count', lb, 'Sum'),
        elbMetric('requests', 'RequestCount', lb, 'Sum'),
      ],
    },
    {
      ...common,
      AlarmName: config.alarms.responseTime,
      AlarmDescription: `credex-core ${config.environment}: target response time above 1 s for 5 minutes (rolls a deployment back)`,
      Namespace: 'AWS/ApplicationELB',
      MetricName: 'TargetResponseTime',
      Dimensions: [{ Name: 'LoadBalancer', Value: lb }],
      Statistic: 'Average',
      Period: PERIOD_S,
      Threshold: 1,
    },
  ];
}

/** The fields of an alarm that the setup owns, in one comparable shape (from PutMetricAlarm input or DescribeAlarms). */
export function alarmShape(alarm: PutMetricAlarmInput | MetricAlarm): string {
  return JSON.stringify({
    name: alarm.AlarmName,
    comparison: alarm.ComparisonOperator,
    threshold: alarm.Threshold,
    periods: alarm.EvaluationPeriods,
    datapoints: alarm.DatapointsToAlarm,
    missing: alarm.TreatMissingData,
    namespace: alarm.Namespace ?? null,
    metric: alarm.MetricName ?? null,
    statistic: alarm.Statistic ?? null,
    period: alarm.Period ?? null,
    dimensions: (alarm.Dimensions ?? []).map((d) => `${d.Name}=${d.Value}`),
    metrics: (alarm.Metrics ?? []).map((m) => ({
      id: m.Id,
      expression: m.Expression ?? null,
      returnData: m.ReturnData ?? true,
      metric: m.MetricStat
        ? [
            m.MetricStat.Metric?.Namespace,
            m.MetricStat.Metric?.MetricName,
            (m.MetricStat.Metric?.Dimensions ?? []).map((d) => `${d.Name}=${d.Value}`).join(','),
            m.MetricStat.Period,
            m.MetricStat.Stat,
          ].join(' ')
        : null,
    })),
  });
}

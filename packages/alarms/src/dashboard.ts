import type { AlarmSpec } from './spec';

/**
 * Deploy markers on the dashboard: the application's graphs also plot this metric (one datum per deploy event,
 * dimension Environment), so a deploy shows as a spike beside the error rate and latency it may have caused.
 * Publishing it belongs to the deploy actions (issue 18's deploy markers).
 */
export const DEPLOY_MARKER = { namespace: 'Credex/Deploys', metric: 'DeployEvents' } as const;

export interface DashboardContext {
  environment: string;
  region: string;
  /** `arn:<partition>:cloudwatch:<region>:<account>:alarm:` — the alarm status widget needs ARNs. */
  alarmArnPrefix: string;
}

type MetricLine = (string | Record<string, unknown>)[];

function metricLines(alarm: AlarmSpec): MetricLine[] {
  if (alarm.Metrics?.length) {
    return alarm.Metrics.map((q) => {
      if (q.Expression) return [{ expression: q.Expression, label: q.Label ?? q.Id, id: q.Id }];
      const metric = q.MetricStat!.Metric!;
      return [
        metric.Namespace!,
        metric.MetricName!,
        ...(metric.Dimensions ?? []).flatMap((d) => [d.Name!, d.Value!]),
        { id: q.Id, stat: q.MetricStat!.Stat, period: q.MetricStat!.Period, visible: false },
      ];
    });
  }
  return [
    [
      alarm.Namespace!,
      alarm.MetricName!,
      ...(alarm.Dimensions ?? []).flatMap((d) => [d.Name!, d.Value!]),
      { stat: alarm.Statistic, period: alarm.Period },
    ],
  ];
}

function metricWidget(alarm: AlarmSpec, context: DashboardContext, index: number): Record<string, unknown> {
  const metrics = metricLines(alarm);
  if (alarm.group !== 'neo4j') {
    metrics.push([
      DEPLOY_MARKER.namespace,
      DEPLOY_MARKER.metric,
      'Environment',
      context.environment,
      { stat: 'Sum', period: 60, yAxis: 'right', label: 'deploys' },
    ]);
  }
  return {
    type: 'metric',
    x: (index % 2) * 12,
    y: 4 + Math.floor(index / 2) * 6,
    width: 12,
    height: 6,
    properties: {
      title: alarm.AlarmName,
      region: context.region,
      view: 'timeSeries',
      stacked: false,
      metrics,
      annotations: { horizontal: [{ label: 'alarm threshold', value: alarm.Threshold }] },
    },
  };
}

/** One dashboard per environment: the alarms' states on top, then a graph per alarm with its threshold. */
export function dashboardBody(alarms: AlarmSpec[], context: DashboardContext): string {
  const widgets: Record<string, unknown>[] = [
    {
      type: 'alarm',
      x: 0,
      y: 0,
      width: 24,
      height: 4,
      properties: {
        title: `credex-core ${context.environment}: alarms (managed by credex-alarms)`,
        alarms: alarms.map((a) => `${context.alarmArnPrefix}${a.AlarmName}`),
        sortBy: 'stateUpdatedTimestamp',
      },
    },
    ...alarms.map((alarm, index) => metricWidget(alarm, context, index)),
  ];
  return JSON.stringify({ widgets });
}

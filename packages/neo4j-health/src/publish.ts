import { PutMetricDataCommand, type CloudWatchClient, type MetricDatum } from '@aws-sdk/client-cloudwatch';
import { figures } from './evaluate';
import { HEALTH_METRICS, HEALTH_NAMESPACE, type HealthMetricKey } from './metrics';
import type { HealthReport } from './run-health';

/** One datum per figure and instance (dimensions Environment, Instance), as credex-alarms' health alarms expect. */
export function metricData(report: HealthReport, timestamp = new Date(report.generatedAt)): MetricDatum[] {
  const data: MetricDatum[] = [];
  for (const health of report.instances) {
    const dimensions = [
      { Name: 'Environment', Value: health.environment },
      { Name: 'Instance', Value: health.instance },
    ];
    const values: Partial<Record<HealthMetricKey, number>> = {
      ...figures(health.observation),
      failedChecks: health.checks.filter((c) => c.status === 'fail').length,
    };
    for (const [key, value] of Object.entries(values) as [HealthMetricKey, number | undefined][]) {
      if (value === undefined) continue;
      const { name, unit } = HEALTH_METRICS[key];
      data.push({ MetricName: name, Unit: unit, Value: value, Dimensions: dimensions, Timestamp: timestamp });
    }
  }
  return data;
}

/** PutMetricData takes at most 1000 data per call; returns the number of calls. */
export async function publishMetrics(cloudwatch: CloudWatchClient, data: MetricDatum[]): Promise<number> {
  let calls = 0;
  for (let i = 0; i < data.length; i += 1000) {
    await cloudwatch.send(
      new PutMetricDataCommand({ Namespace: HEALTH_NAMESPACE, MetricData: data.slice(i, i + 1000) }),
    );
    calls++;
  }
  return calls;
}

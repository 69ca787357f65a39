import type { Dimension, MetricAlarm, MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import type { AlarmSpec } from './spec';

/** The comparable form of an alarm: what PutMetricAlarm sets, with CloudWatch's defaults filled in and lists sorted. */
export type Comparable = Record<string, unknown>;

const sortDims = (dims: Dimension[] | undefined): Dimension[] =>
  [...(dims ?? [])]
    .map((d) => ({ Name: d.Name, Value: d.Value }))
    .sort((a, b) => (a.Name ?? '').localeCompare(b.Name ?? ''));

function query(q: MetricDataQuery): Record<string, unknown> {
  const stat = q.MetricStat;
  return {
    Id: q.Id,
    Label: q.Label ?? null,
    Expression: q.Expression ?? null,
    // CloudWatch treats an absent ReturnData as true.
    ReturnData: q.ReturnData ?? true,
    MetricStat: stat
      ? {
          Namespace: stat.Metric?.Namespace,
          MetricName: stat.Metric?.MetricName,
          Dimensions: sortDims(stat.Metric?.Dimensions),
          Period: stat.Period,
          Stat: stat.Stat,
        }
      : null,
  };
}

function comparable(alarm: AlarmSpec | MetricAlarm): Comparable {
  const metrics = alarm.Metrics ?? [];
  return {
    AlarmDescription: alarm.AlarmDescription ?? null,
    ComparisonOperator: alarm.ComparisonOperator,
    Threshold: alarm.Threshold,
    EvaluationPeriods: alarm.EvaluationPeriods,
    // Without DatapointsToAlarm CloudWatch requires every evaluation period to breach.
    DatapointsToAlarm: alarm.DatapointsToAlarm ?? alarm.EvaluationPeriods,
    TreatMissingData: alarm.TreatMissingData ?? 'missing',
    ActionsEnabled: alarm.ActionsEnabled ?? true,
    AlarmActions: [...(alarm.AlarmActions ?? [])].sort(),
    OKActions: [...(alarm.OKActions ?? [])].sort(),
    Namespace: metrics.length ? null : (alarm.Namespace ?? null),
    MetricName: metrics.length ? null : (alarm.MetricName ?? null),
    Dimensions: metrics.length ? [] : sortDims(alarm.Dimensions),
    Statistic: metrics.length ? null : (alarm.Statistic ?? null),
    Period: metrics.length ? null : (alarm.Period ?? null),
    Metrics: metrics.map(query),
  };
}

/** The names of the fields that differ between what exists and what is wanted (empty: nothing to do). */
export function changedFields(existing: MetricAlarm, wanted: AlarmSpec): string[] {
  const a = comparable(existing);
  const b = comparable(wanted);
  return Object.keys(b).filter((key) => JSON.stringify(a[key]) !== JSON.stringify(b[key]));
}

/** Dashboards compare as parsed JSON, so CloudWatch's own spacing or key order is not a change. */
export function sameDashboard(existingBody: string | undefined, wantedBody: string): boolean {
  if (existingBody === undefined) return false;
  try {
    return canonical(JSON.parse(existingBody)) === canonical(JSON.parse(wantedBody));
  } catch {
    return false;
  }
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

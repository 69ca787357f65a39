import { markdownTable } from '@credex/reports';
import type { AlarmsResult } from './run-alarms';
import type { AlarmSpec } from './spec';

const OPERATOR: Record<AlarmSpec['ComparisonOperator'], string> = {
  GreaterThanThreshold: '>',
  LessThanThreshold: '<',
};

function condition(alarm: AlarmSpec): string {
  const metric = alarm.MetricName ?? alarm.Metrics?.find((m) => m.ReturnData)?.Label ?? 'expression';
  const period = (alarm.Period ?? 60) * alarm.EvaluationPeriods;
  return `${metric} ${OPERATOR[alarm.ComparisonOperator]} ${alarm.Threshold} for ${period / 60} min`;
}

/** The names blue-green-deploy's `rollback-on-alarms` should watch: the application's error rate and latency. */
export const rollbackAlarmNames = (result: AlarmsResult): string[] =>
  result.alarms.filter((a) => a.rollback).map((a) => a.AlarmName);

export function renderAlarmsSummary(result: AlarmsResult): string {
  const actionOf = new Map(result.changes.map((c) => [c.name, c]));
  const verb = result.dryRun ? 'would' : 'did';
  const rows = result.alarms.map((alarm) => {
    const change = actionOf.get(alarm.AlarmName);
    const action = change?.action === 'update' ? `update (${change.fields.join(', ')})` : (change?.action ?? '');
    return [`\`${alarm.AlarmName}\``, condition(alarm), alarm.rollback ? 'yes' : '', action];
  });
  for (const change of result.changes.filter(
    (c) => c.kind === 'alarm' && !result.alarms.some((a) => a.AlarmName === c.name),
  )) {
    rows.push([
      `\`${change.name}\``,
      'no longer wanted',
      '',
      change.action === 'delete' ? 'delete' : 'kept (prune is off)',
    ]);
  }
  const dashboard = result.changes.find((c) => c.kind === 'dashboard');
  const lines = [
    `### credex-alarms: ${result.environment}${result.dryRun ? ' (dry run)' : ''}`,
    '',
    markdownTable(['Alarm', 'Condition', 'Rollback', `Change (${verb})`], rows),
    `Dashboard [\`${result.dashboardName}\`](${result.dashboardUrl}): ${dashboard?.action ?? 'unchanged'}.`,
    '',
  ];
  for (const mismatch of result.mismatches) lines.push(`- ${mismatch.detail}`);
  if (result.discoveryError) lines.push(`- ${result.discoveryError}`);
  return `${lines.join('\n')}\n`;
}

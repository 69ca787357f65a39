import {
  DeleteAlarmsCommand,
  GetDashboardCommand,
  PutDashboardCommand,
  PutMetricAlarmCommand,
  paginateDescribeAlarms,
  type CloudWatchClient,
  type MetricAlarm,
} from '@aws-sdk/client-cloudwatch';
import { isNotFoundError } from '@credex/aws';
import type { Change, Current, Wanted } from './plan';
import type { AlarmSpec } from './spec';

/** The environment's alarms (by name prefix) and its dashboard as CloudWatch has them now. */
export async function readCurrent(cloudwatch: CloudWatchClient, prefix: string, dashboard: string): Promise<Current> {
  const alarms = new Map<string, MetricAlarm>();
  const pages = paginateDescribeAlarms(
    { client: cloudwatch },
    { AlarmNamePrefix: prefix, AlarmTypes: ['MetricAlarm'], MaxRecords: 100 },
  );
  for await (const page of pages) {
    for (const alarm of page.MetricAlarms ?? []) if (alarm.AlarmName) alarms.set(alarm.AlarmName, alarm);
  }
  let dashboardBody: string | undefined;
  try {
    dashboardBody = (await cloudwatch.send(new GetDashboardCommand({ DashboardName: dashboard }))).DashboardBody;
  } catch (error) {
    if (!isNotFoundError(error)) throw error;
  }
  return { alarms, dashboardBody };
}

function putRequest(spec: AlarmSpec, environment: string, create: boolean) {
  const { group: _group, rollback: _rollback, ...fields } = spec;
  return {
    ...fields,
    // Tags are only taken when the alarm is created; an update leaves the alarm's tags alone.
    Tags: create
      ? [
          { Key: 'ManagedBy', Value: 'credex-alarms' },
          { Key: 'Environment', Value: environment },
        ]
      : undefined,
  };
}

/** Carries out the planned changes; returns how many calls changed something. */
export async function applyChanges(
  cloudwatch: CloudWatchClient,
  changes: Change[],
  wanted: Wanted,
  environment: string,
): Promise<number> {
  const specs = new Map(wanted.alarms.map((a) => [a.AlarmName, a]));
  let writes = 0;
  for (const change of changes) {
    if (change.kind !== 'alarm' || (change.action !== 'create' && change.action !== 'update')) continue;
    await cloudwatch.send(
      new PutMetricAlarmCommand(putRequest(specs.get(change.name)!, environment, change.action === 'create')),
    );
    writes++;
  }
  const deletions = changes.filter((c) => c.kind === 'alarm' && c.action === 'delete').map((c) => c.name);
  for (let i = 0; i < deletions.length; i += 100) {
    await cloudwatch.send(new DeleteAlarmsCommand({ AlarmNames: deletions.slice(i, i + 100) }));
    writes++;
  }
  if (changes.some((c) => c.kind === 'dashboard' && c.action !== 'unchanged')) {
    const answer = await cloudwatch.send(
      new PutDashboardCommand({ DashboardName: wanted.dashboardName, DashboardBody: wanted.dashboardBody }),
    );
    const problems = answer.DashboardValidationMessages ?? [];
    if (problems.length) {
      throw new Error(
        `dashboard ${wanted.dashboardName}: ${problems.map((p) => `${p.DataPath}: ${p.Message}`).join('; ')}`,
      );
    }
    writes++;
  }
  return writes;
}

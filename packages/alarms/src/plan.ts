import type { MetricAlarm } from '@aws-sdk/client-cloudwatch';
import { changedFields, sameDashboard } from './compare';
import type { AlarmSpec } from './spec';

export type ChangeAction = 'create' | 'update' | 'delete' | 'unchanged';

export interface Change {
  kind: 'alarm' | 'dashboard';
  name: string;
  action: ChangeAction;
  /** For an update: the fields that differ. */
  fields: string[];
}

export interface Current {
  /** Every metric alarm whose name starts with the environment's prefix. */
  alarms: Map<string, MetricAlarm>;
  dashboardBody?: string;
}

export interface Wanted {
  alarms: AlarmSpec[];
  dashboardName: string;
  dashboardBody: string;
  /** Delete alarms with the environment's prefix that are no longer wanted (an instance removed, say). */
  prune: boolean;
}

/** What a run would do: one entry per alarm and the dashboard, in a stable order. */
export function planChanges(current: Current, wanted: Wanted): Change[] {
  const changes: Change[] = wanted.alarms.map((spec) => {
    const existing = current.alarms.get(spec.AlarmName);
    if (!existing) return { kind: 'alarm', name: spec.AlarmName, action: 'create', fields: [] };
    const fields = changedFields(existing, spec);
    return { kind: 'alarm', name: spec.AlarmName, action: fields.length ? 'update' : 'unchanged', fields };
  });
  const wantedNames = new Set(wanted.alarms.map((a) => a.AlarmName));
  const extra = [...current.alarms.keys()].filter((name) => !wantedNames.has(name)).sort();
  for (const name of extra) {
    changes.push({ kind: 'alarm', name, action: wanted.prune ? 'delete' : 'unchanged', fields: [] });
  }
  const dashboard: ChangeAction =
    current.dashboardBody === undefined
      ? 'create'
      : sameDashboard(current.dashboardBody, wanted.dashboardBody)
        ? 'unchanged'
        : 'update';
  changes.push({ kind: 'dashboard', name: wanted.dashboardName, action: dashboard, fields: [] });
  return changes;
}

export const pending = (changes: Change[]): Change[] => changes.filter((c) => c.action !== 'unchanged');

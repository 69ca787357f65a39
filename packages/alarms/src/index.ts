export { ENVIRONMENT_PATTERN, alarmName, alarmPrefix, dashboardName, instanceKey } from './names';
export {
  DEFAULT_ALARM_THRESHOLDS,
  desiredAlarms,
  type AlarmSpec,
  type AlarmSettings,
  type AlarmThresholds,
  type Neo4jInstance,
} from './spec';
export { changedFields, sameDashboard } from './compare';
export { dashboardBody, DEPLOY_MARKER, type DashboardContext } from './dashboard';
export { planChanges, pending, type Change, type ChangeAction, type Current, type Wanted } from './plan';
export { runAlarms, type AlarmsPlan, type AlarmsDeps, type AlarmsResult } from './run-alarms';
export { renderAlarmsSummary, rollbackAlarmNames } from './report';

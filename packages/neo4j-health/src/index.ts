export * from './metrics';
export {
  CHECK_IDS,
  evaluate,
  figures,
  type CheckId,
  type CheckResult,
  type CheckStatus,
  type Limits,
  type Observation,
} from './evaluate';
export type { Readings, TransactionRow } from './readings';
export { runHealthCheck, type HealthPlan, type HealthDeps, type HealthReport, type InstanceHealth } from './run-health';
export { metricData, publishMetrics } from './publish';
export { renderHealthSummary, renderHealthJUnit } from './report';

export * from './types';
export { parseSize, formatGiB } from './size';
export { DEFAULT_LIMITS, checkLimitsShape, mergeLimits, type Limits, type RawLimits } from './limits';
export {
  parseInventory,
  selectEnvironments,
  readCredentials,
  type Inventory,
  type InventoryInstance,
  type Credentials,
} from './inventory';
export { discoverInstances, describeTypes, tagFilters, type Ec2Instance } from './ec2';
export { mergeEnvironment, type Target, type Mismatch } from './merge';
export { DriverQueryRunner, plain, type QueryRunner, type QueryOptions, type Row } from './query-runner';
export { FixtureQueryRunner, type RecordedServer, type RecordedResponse, type RecordedCall } from './fixture-runner';
export { probeServer, MEMORY_SETTINGS, type Neo4jFacts, type Outcome } from './probe';
export { runFullCheck, type FullCheckResult } from './full-check';
export { readFingerprintWithSsm } from './fingerprint';
export { normaliseFingerprint, SAFE_PATH } from './fingerprint-format';
export { scanLicenseLines, scanLogFile, scanCloudWatch, type LicenseLogFindings } from './logs';
export { mapLimit } from './concurrency';
export { evaluateAll, type Observation, type EvaluationSettings } from './evaluate';
export {
  buildReport,
  countResults,
  renderLicenseJUnit,
  renderSummary,
  shouldFail,
  type LicenseReport,
  type InstanceSummary,
} from './report';
export { runLicenseCheck, type CheckPlan, type CheckDeps } from './run-check';

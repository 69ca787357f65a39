export * from './types';
export { DEFAULT_LIMITS, checkLimitsShape, mergeLimits, type Limits, type RawLimits } from './limits';
export { probeServer, MEMORY_SETTINGS, type Neo4jFacts, type Outcome } from './probe';
export { runFullCheck, type FullCheckResult } from './full-check';
export { readFingerprintWithSsm } from './fingerprint';
export { normaliseFingerprint, SAFE_PATH } from './fingerprint-format';
export { scanLicenseLines, scanLogFile, scanCloudWatch, type LicenseLogFindings } from './logs';
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

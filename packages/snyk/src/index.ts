export { parseSnykReport, SnykReportError } from './parse';
export type { SnykFinding, SnykProject, FindingKind, Region, SnykIgnore } from './model';
export { SEVERITIES, type Severity, type SeverityCounts } from './severity';
export { parseIgnoreRules, IgnoreRuleError, type IgnoreRule } from './ignores';
export { evaluateGate, type FailOn, type GateOptions, type GateResult } from './gate';
export { snykToSarif, securitySeverity, type SnykSarifOptions } from './sarif';
export { snykSummary, type SummaryOptions } from './summary';
export {
  snykArguments,
  describeExitCode,
  locateSnyk,
  runSnyk,
  type ScanType,
  type CliOptions,
  type CliOutcome,
} from './cli';
export { splitArgs } from './args';
export { cleanWithoutReport, snykErrorMessage } from './cli-output';

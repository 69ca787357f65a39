export { ruleId } from './model';
export type { Risk, Confidence, ZapAlert, ZapInstance, ZapReport } from './model';
export { parseZapReport, ZapReportError } from './report';
export { parseRulesFile, isOutOfScope, RulesFileError, type RulesFile, type RuleAction } from './rules';
export { compilePythonRegex, PythonRegexError, type PythonRegex } from './python-regex';
export {
  evaluateAlerts,
  compileExcludePaths,
  exclusionWarning,
  excludesTarget,
  type EvaluateOptions,
  type Evaluation,
  type EvaluatedAlert,
  type DropReason,
} from './evaluate';
export { zapToSarif, type ZapSarifOptions } from './sarif';
export { zapSummary, type ZapSummaryOptions } from './summary';
export {
  dockerArguments,
  describeZapExit,
  dockerFailureReason,
  isImageReference,
  type ScanMode,
  type ApiFormat,
  type DockerScanOptions,
} from './docker';
export { hookScript, type Pacing } from './pacing';
export {
  zapApi,
  runDaemonScan,
  ZapApiError,
  DefinitionUploadError,
  type ApiDefinition,
  type ZapApi,
  type DaemonScanOptions,
  type DaemonScanResult,
} from './daemon';
export { onlyTargetSite } from './scope';

export { ruleId } from './model';
export type { Risk, Confidence, ZapAlert, ZapInstance, ZapReport } from './model';
export { parseZapReport, ZapReportError } from './report';
export { parseRulesFile, RulesFileError, type RulesFile, type RuleAction } from './rules';
export {
  evaluateAlerts,
  compileExcludePaths,
  type EvaluateOptions,
  type Evaluation,
  type EvaluatedAlert,
  type DropReason,
} from './evaluate';
export { zapToSarif, type ZapSarifOptions } from './sarif';
export { zapSummary, type ZapSummaryOptions } from './summary';
export { dockerArguments, describeZapExit, type ScanMode, type ApiFormat, type DockerScanOptions } from './docker';
export { hookScript, type Pacing } from './pacing';
export {
  zapApi,
  runDaemonScan,
  ZapApiError,
  type ZapApi,
  type DaemonScanOptions,
  type DaemonScanResult,
} from './daemon';
export { onlyTargetSite } from './scope';

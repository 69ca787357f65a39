// SARIF validation (ajv + schema) is imported from './validate-sarif' directly, so bundles that don't validate
// stay small.
export { renderJUnit, countSuite, junitSeconds } from './junit';
export type { JUnitCase, JUnitCounts, JUnitProperty, JUnitReport, JUnitStatus, JUnitSuite } from './junit';
export { escapeXmlAttribute, escapeXmlText } from './xml';
export { buildSarif, repoRelativeUri, automationId, SARIF_SCHEMA_URI } from './sarif';
export { sarifLocationInput } from './sarif-location-input';
export { fitSarifToGitHub, categoryId, GITHUB_SARIF_LIMITS, type FittedSarif, type SarifLimits } from './sarif-limits';
export type {
  SarifLocation,
  SarifLocationInput,
  SarifLog,
  SarifResult,
  SarifResultInput,
  SarifRule,
  SarifRuleInput,
  SarifRun,
  SarifRunInput,
  SarifSuppression,
  SarifCodeFlow,
} from './sarif';
export {
  clampSecuritySeverity,
  parseSeverity,
  severityToLevel,
  severityToSecuritySeverity,
  type SarifLevel,
  type Severity,
} from './sarif-severity';
export { markdownTable, escapeCell, escapeHtml, details, codeBlock, type Align, type Cell } from './markdown';
export {
  truncate,
  GITHUB_COMMENT_MAX_CHARS,
  JOB_SUMMARY_MAX_BYTES,
  type TruncateOptions,
  type Truncated,
} from './truncate';
export { stableStringify, writeJsonReport, writeTextReport } from './write-report';

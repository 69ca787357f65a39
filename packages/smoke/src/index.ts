export { parseChecks, parseChecksText, loadChecksFile } from './parse';
export { runChecks, assertRunnable, DEFAULTS } from './runner';
export { junitFromResult, summaryMarkdown, jsonReport, headline } from './report';
export { parseStatus, statusMatches } from './status';
export { isSecretName } from './secrets';
export { checksFileSchema } from './schema';
export type {
  Check,
  CheckSuite,
  CheckResult,
  SuiteResult,
  RunOptions,
  RunDefaults,
  Outcome,
  Expectations,
  Capture,
} from './types';

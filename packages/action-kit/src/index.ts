export * as input from './inputs';
export { ConfigurationError, CancelledError } from './errors';
export { runAction, failStep, type ActionContext, type ActionFn, type ActionHandlers } from './run-action';
export { registerSecret, redact, clearSecretsForTest, encodedForms } from './secrets';
export { inputFile, checkedInputFile, outputFile, shortPrefix, workspaceRoot } from './paths';
export { log, setOutput, appendSummary, type AnnotationProperties } from './log';
export { parseDuration, formatDuration } from './duration';
export { saveState, getState } from './state';
export { sleep } from './sleep';

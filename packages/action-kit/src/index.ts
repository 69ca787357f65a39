export * as input from './inputs';
export { ConfigurationError, CancelledError } from './errors';
export { runAction, failStep, type ActionContext, type ActionFn, type ActionHandlers } from './run-action';
export { inputsFirst } from './inputs-first';
export { registerSecret, redact, clearSecretsForTest } from './secrets';
export { log, setOutput, appendSummary, type AnnotationProperties } from './log';
export { parseDuration, formatDuration } from './duration';
export { saveState, getState } from './state';
export { sleep } from './sleep';

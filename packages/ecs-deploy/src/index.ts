export { createDeployClients, type DeployClients } from './clients';
export { realClock, type Clock } from './clock';
export {
  parseTaskDefinitionSource,
  loadTaskDefinitionFile,
  asRegisterRequest,
  type TaskDefinitionSource,
} from './task-definition-source';
export {
  renderTaskDefinition,
  stripDescribeOnly,
  pairImages,
  checkSecretReferences,
  type RenderOptions,
  type ImageOverride,
} from './render';
export { diffTaskDefinitions, formatChange, type TaskDefinitionChange } from './diff';
export { describeService, detectStrategy, isNativeStrategy, type Strategy, type ServiceRef } from './service';
export { parseBlackoutWindows, activeBlackout, blackoutAhead, type BlackoutWindow } from './blackout';
export { generateAppSpec, loadAppSpec, appSpecRevision, APPSPEC_HOOKS } from './appspec';
export {
  checkTriggers,
  targetErrorRate,
  alarmsInAlarm,
  metricDimensions,
  type TriggerConfig,
  type Breach,
} from './triggers';
export { runPreflight, serviceTargetGroups, type PreflightCheck } from './preflight';
export { pruneRevisions, previousRevision, activeRevisions, familyOf } from './revisions';
export { CodeDeployFollower, codeDeployReasons } from './codedeploy';
export { NativeFollower, serviceDeploymentReasons } from './native';
export { RollingFollower } from './rolling';
export { isTerminal, type Follower, type Phase, type Progress } from './follower';
export {
  deployService,
  derivedCodeDeployNames,
  DEFAULT_POLL,
  type DeployConfig,
  type DeployResult,
  type DeployStatus,
  type DeployEnvironment,
  type DeployLogger,
  type InFlight,
  type PollTiming,
  type VerifyFn,
  type VerifyOutcome,
  type CodeDeploySettings,
} from './deploy';
export { resumeFollower, rollbackInFlight } from './resume';
export { rollbackService, type RollbackConfig, type RollbackResult } from './rollback';
export { deploySummary, consoleLinks } from './report';
export { findInFlight, stopInFlight, type ConflictMode, type InFlightDeployment } from './conflict';
export { smokeVerifier, type SmokeVerifyOptions } from './verify';

export { DEFAULT_CONFIG, FINGERPRINTED, identifierProblem, MODEL, type DcoConfig } from './config';
export {
  updateFlaggedBalances,
  DcoRefusedError,
  DcoVerificationError,
  type FlaggedUpdateOptions,
  type Logger,
} from './library';
export { chainFactor, kProblem, readActiveDaynode, type ActiveDaynode, type ChainLink } from './daynodes';
export { makePlan, type Plan, type PlanOptions } from './plan';
export { takeLease, renewLease, releaseLease, type LeaseResult } from './lease';
export { holdQueue, releaseHold, type HoldResult } from './hold';
export { revalueLedger, type StepOutcome } from './revalue';
export { syncSearch, checkSearchSync, type SearchCheck, type SearchSyncOutcome, type Target } from './search';
export { unflaggedChecksum, entityHash, type Checksum } from './checksum';
export { snapshotFlagged, compareFlagged, type FlaggedSnapshot, type Verification } from './verify';
export { maintainFlags, type FlagChange, type FlagTarget } from './flags';
export { sampleChanges, type Sample } from './dry-run';
export { runDco, type DcoReport, type DcoRunOptions, type FlaggedCheck } from './run';
export { TAMPER_POLICIES, tamperedSamples, type TamperPolicy } from './tamper';
export { progressLine, silentReporter, type Reporter } from './progress';
export {
  CATEGORIES,
  STEPS,
  anchorBinding,
  asOfExpression,
  cxxExpression,
  matchAll,
  pendingCondition,
  revalueBatchStatement,
  revaluableCondition,
  revaluationClauses,
  type Category,
  type LedgerCategory,
  type Step,
} from './steps';

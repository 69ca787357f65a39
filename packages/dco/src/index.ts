export { DEFAULT_CONFIG, identifierProblem, MODEL, type DcoConfig } from './config';
export { chainFactor, kProblem, readActiveDaynode, readChain, type ActiveDaynode, type ChainLink } from './daynodes';
export { makePlan, type Plan } from './plan';
export { takeLease, renewLease, releaseLease, type LeaseResult } from './lease';
export { revalueLedger, type StepOutcome } from './revalue';
export { syncSearch, checkSearchSync, type SearchCheck, type SearchSyncOutcome, type Target } from './search';
export { unflaggedChecksum, entityHash, type Checksum } from './checksum';
export { snapshotFlagged, compareFlagged, type FlaggedSnapshot, type Verification } from './verify';
export { maintainFlags, type FlagChange, type FlagTarget } from './flags';
export { sampleChanges, type Sample } from './dry-run';
export { runDco, type DcoReport, type DcoRunOptions } from './run';
export { renderSummary } from './summary';
export { progressLine, silentReporter, type Reporter } from './progress';
export {
  CATEGORIES,
  STEPS,
  asOfExpression,
  cxxExpression,
  matchAll,
  pendingCondition,
  revalueBatchStatement,
  revaluableCondition,
  revaluationSets,
  type Category,
  type LedgerCategory,
  type Step,
} from './steps';

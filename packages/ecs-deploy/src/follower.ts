import type { Strategy } from './service';

/**
 * Where a deployment stands. `awaiting-verify`: paused at test traffic for checks (CodeDeploy Ready, a native
 * PAUSE hook); `test-traffic-ready`: test traffic is on the new version but nothing is paused.
 */
export type Phase =
  | 'in-progress'
  | 'awaiting-verify'
  | 'test-traffic-ready'
  | 'traffic-shifted'
  | 'succeeded'
  | 'rolling-back'
  | 'rolled-back'
  | 'failed';

export interface Progress {
  phase: Phase;
  /** One line for the log and the timeline: status, lifecycle stage or events, traffic, task counts. */
  status: string;
  /** Why it failed or rolled back, as the service says it. */
  reason?: string;
}

/** One strategy's view of the deployment it started. */
export interface Follower {
  readonly strategy: Strategy;
  readonly deploymentId: string;
  check(): Promise<Progress>;
  /** Lets a deployment paused for verification go on. */
  continueAfterVerify(): Promise<void>;
  /** Asks for a rollback of the in-flight deployment (one quick call, fit for the cancel window). */
  rollback(): Promise<void>;
  /** Failure reasons worth showing: error information, lifecycle diagnostics, events, stopped tasks. */
  diagnostics(): Promise<string[]>;
  /** Target groups that carry this service's traffic (for error rate and target health). */
  readonly targetGroupArns: string[];
}

export function isTerminal(phase: Phase): boolean {
  return phase === 'succeeded' || phase === 'rolled-back' || phase === 'failed';
}

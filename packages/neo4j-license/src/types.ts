export const CASE_IDS = ['license', 'instance-count', 'resources', 'enterprise-features', 'expiry', 'renewal'] as const;
export type CaseId = (typeof CASE_IDS)[number];

export const CASE_TITLES: Record<CaseId, string> = {
  license: '1 License application',
  'instance-count': '2 Instance count',
  resources: '3 Resource limits',
  'enterprise-features': '4 Enterprise features',
  expiry: '5 License expiry',
  renewal: '6 License renewal',
};

export type Status = 'pass' | 'fail' | 'warn' | 'skipped';

export interface CaseResult {
  case: CaseId;
  environment: string;
  /** The instance's name, or `*` for a case that applies to the whole environment (instance count). */
  instance: string;
  status: Status;
  /** Why it did not pass (always set unless pass); for a pass, what was seen. */
  reason: string;
  /** Individual observations with the source that gave each number. */
  details: string[];
  durationMs: number;
}

export type Mode = 'read-only' | 'full';
export type FailOn = 'fail' | 'warn' | 'never';

import type { SetupClients } from './clients';
import type { SetupConfig } from './config';
import type { Current } from './discover';
import type { CreatedArns, Facts, SpecResource } from './spec';

/** One resource of the plan: what it is, whether it must be created or changed, and how. */
export interface Step {
  key: string;
  title: string;
  /** `conflict`: something else holds the place (a port, a priority); apply refuses before any write. */
  action: 'create' | 'update' | 'none' | 'conflict';
  /** What will be created, what differs, or why it conflicts. */
  details: string[];
  apply?: (ctx: ApplyContext) => Promise<void>;
}

export interface ApplyContext {
  clients: SetupClients;
  config: SetupConfig;
  current: Current;
  facts: Facts;
  /** ARNs known so far; the create steps fill in what they create. */
  arns: CreatedArns;
  signal?: AbortSignal;
  log: (line: string) => void;
  /** Keys of the steps that created something in this run. */
  created: Set<string>;
}

export interface StepInput {
  config: SetupConfig;
  current: Current;
  facts: Facts;
  arns: CreatedArns;
  spec: Record<string, SpecResource>;
}

/** Placeholder shown in a plan for an ARN that the apply will know. */
export function pending(what: string): string {
  return `(new ${what})`;
}

export function isPending(arn: string): boolean {
  return arn.startsWith('(new ');
}

export function noChange(resource: SpecResource): Step {
  return { key: resource.key, title: resource.title, action: 'none', details: [] };
}

/** A step that changes `resource` in place, or none when nothing differs. */
export function updateStep(resource: SpecResource, details: string[], apply: Step['apply']): Step {
  if (details.length === 0) return noChange(resource);
  return { key: resource.key, title: resource.title, action: 'update', details, apply };
}

export function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const left = [...new Set(a)].sort();
  const right = [...new Set(b)].sort();
  return left.length === right.length && left.every((value, i) => value === right[i]);
}

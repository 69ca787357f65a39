import type { ActionResult, RunOptions } from '../../test/harness/run-bundle';

/** What every scenario gets: where the services and the target app are, and a way to run a step. */
export interface DemoContext {
  /** Coordinates of the test services (test/.services.env); undefined when they could not be started. */
  services: Record<string, string> | undefined;
  /** Why the services are unavailable. */
  servicesProblem: string | undefined;
  /** Base URL of the target app (credex-core's HTTP surface on loopback). */
  targetAppUrl: string;
  /** Seeded member of the target app, for the smoke test's login. */
  member: { phone: string };
  apiKey: string;
  /** Runs one action bundle through the runner-exact harness, prints it, and checks what was expected. */
  step(label: string, action: string, options: RunOptions, expected: Expectation): Promise<ActionResult>;
  /** A new empty folder for one step's workspace (kept after the demo, so the reports can be read). */
  workspace(name: string): string;
  /** Registers cleanup that also runs on Ctrl-C. */
  onCleanup(fn: () => Promise<void>): void;
  /** Values the demo must never print (they are replaced by ***). */
  secrets: Set<string>;
}

export interface Expectation {
  exitCode: number;
  /** Outputs that must equal (string) or match (RegExp). */
  outputs?: Record<string, string | RegExp>;
  /** Further checks: return a problem description, or undefined when fine. */
  check?: (result: ActionResult) => string | undefined | Promise<string | undefined>;
}

export interface Scenario {
  /** Shown in the header and the final table. */
  name: string;
  /** One line: which part of credex-core's pipeline it models. */
  description: string;
  /** Bundles (dist/<action>/index.js) the scenario runs; it is skipped when one is missing. */
  actions: string[];
  /** Whether it needs Neo4j/moto. */
  needsServices: boolean;
  /** Runs the steps; returns a one-line description of what happened. */
  run(ctx: DemoContext): Promise<string>;
}

export function liveServices(ctx: DemoContext): Record<string, string> {
  if (!ctx.services) throw new Error(`test services unavailable: ${ctx.servicesProblem ?? 'not started'}`);
  return ctx.services;
}

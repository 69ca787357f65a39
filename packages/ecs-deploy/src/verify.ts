import { headline, runChecks, type CheckSuite } from '@credex/smoke';
import type { VerifyFn } from './deploy';

export interface SmokeVerifyOptions {
  suite: CheckSuite;
  /** The test listener, e.g. https://api-staging.example.com:8443. */
  baseUrl: string;
  requestsPerMinute: number;
  log?: (line: string) => void;
}

/** Verify checks on test traffic with the smoke-test engine: one line per check, one summary line for the timeline. */
export function smokeVerifier(options: SmokeVerifyOptions): VerifyFn {
  return async (signal) => {
    const result = await runChecks(options.suite, {
      baseUrl: options.baseUrl,
      signal,
      requestsPerMinute: options.requestsPerMinute,
      onResult: (r) =>
        options.log?.(`${r.outcome.padEnd(7)} ${r.name}${r.failures.length ? `: ${r.failures.join('; ')}` : ''}`),
    });
    const failed = result.results
      .filter((r) => r.outcome === 'failed')
      .map((r) => `${r.name}: ${r.failures[0] ?? 'failed'}`);
    return { passed: result.passed, summary: `${headline(result)}${failed.length ? ` (${failed.join('; ')})` : ''}` };
  };
}

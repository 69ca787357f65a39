import { appendSummary, failStep, log, setOutput, type ActionContext } from '@credex/action-kit';
import { writeJsonReport, writeTextReport } from '@credex/reports';
import { headline, jsonReport, junitFromResult, runChecks, summaryMarkdown, type CheckResult } from '@credex/smoke';
import type { Inputs } from './inputs';

const ICON = { passed: '✅', warning: '⚠️', failed: '❌', skipped: '⏭️' } as const;

function logResult(result: CheckResult): void {
  const status = result.status === undefined ? '' : ` ${result.status}`;
  const took = result.durationMs === undefined ? '' : ` in ${result.durationMs.toLocaleString('en-US')} ms`;
  const tries = result.attempts > 1 ? ` (${result.attempts} attempts)` : '';
  log.info(`${ICON[result.outcome]} ${result.name}: ${result.method} ${result.url}${status}${took}${tries}`);
  const title = `smoke-test: check '${result.name}'`;
  for (const failure of result.failures) {
    if (result.outcome === 'failed') log.error(failure, { title });
    else if (result.outcome === 'warning') log.warning(failure, { title: `${title} (non-critical)` });
    else log.info(`   ${failure}`);
  }
  for (const warning of result.warnings) log.warning(warning, { title });
}

export async function run(inputs: Inputs, { signal }: ActionContext): Promise<void> {
  log.info(`smoke-test: ${inputs.suite.checks.length} checks from ${inputs.suite.origin}`);
  const result = await runChecks(inputs.suite, {
    baseUrl: inputs.baseUrl,
    concurrency: inputs.concurrency,
    failFast: inputs.failFast,
    defaults: { retries: inputs.retries, retryDelayMs: inputs.retryDelayMs, timeoutMs: inputs.timeoutMs },
    headers: inputs.headers,
    waitForMs: inputs.waitForMs,
    requestsPerMinute: inputs.requestsPerMinute,
    signal,
    onResult: logResult,
    onProgress: (message) => log.info(`   ${message}`),
  });

  log.info(`smoke-test: ${headline(result)}`);
  await appendSummary(summaryMarkdown(result));
  if (inputs.reportFile) setOutput('report-file', await writeJsonReport(inputs.reportFile, jsonReport(result)));
  if (inputs.junitFile) setOutput('junit-file', await writeTextReport(inputs.junitFile, junitFromResult(result)));
  setOutput('passed', result.passed);
  setOutput('total', result.total);
  setOutput('failed', result.failed);
  setOutput('warnings', result.warnings);
  if (!result.passed) {
    const failed = result.results.filter((r) => r.outcome === 'failed');
    const first = failed[0];
    failStep(
      'smoke-test',
      `${result.failed} of ${result.total} checks failed` +
        (first ? `, first: '${first.name}': ${first.failures[0]}` : ''),
    );
  }
}

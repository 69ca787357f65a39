import { markdownTable, renderJUnit, truncate, JOB_SUMMARY_MAX_BYTES, type JUnitCase } from '@credex/reports';
import { formatDuration } from '@credex/action-kit';
import type { CheckResult, Outcome, SuiteResult } from './types';

const ICONS: Record<Outcome, string> = {
  passed: '✅ passed',
  warning: '⚠️ warning',
  failed: '❌ failed',
  skipped: '⏭️ skipped',
};

/** JUnit XML: one testcase per check; a warning passes with its reason in system-out, a skipped check is skipped. */
export function junitFromResult(result: SuiteResult, suiteName = 'smoke-test'): string {
  const cases: JUnitCase[] = result.results.map((r) => ({
    name: r.name,
    classname: suiteName,
    durationMs: r.elapsedMs,
    status: r.outcome === 'failed' ? 'failed' : r.outcome === 'skipped' ? 'skipped' : 'passed',
    message: r.outcome === 'failed' || r.outcome === 'skipped' ? r.failures[0] : undefined,
    type: r.outcome === 'failed' ? 'assertion' : undefined,
    details: r.outcome === 'failed' ? detailText(r) : undefined,
    properties: { method: r.method, url: r.url, ...(r.status === undefined ? {} : { status: String(r.status) }) },
    systemOut: r.outcome === 'warning' ? [...r.failures, ...r.warnings].join('\n') : undefined,
  }));
  return renderJUnit({
    name: suiteName,
    suites: [{ name: suiteName, timestamp: result.startedAt, durationMs: result.durationMs, cases }],
  });
}

function detailText(r: CheckResult): string {
  const lines = [`${r.method} ${r.url}`, ...r.failures.map((f) => `- ${f}`)];
  if (r.attempts > 1) lines.push(`attempts: ${r.attempts} over ${formatDuration(r.elapsedMs)}`);
  if (r.response) lines.push('', `response body${r.response.truncated ? ' (truncated)' : ''}:`, r.response.body);
  return lines.join('\n');
}

/** One line for the log / annotation title. */
export function headline(result: SuiteResult): string {
  const parts = [
    `${result.total - result.failed - result.warnings - result.skipped} passed`,
    `${result.failed} failed`,
  ];
  if (result.warnings) parts.push(`${result.warnings} warning${result.warnings === 1 ? '' : 's'}`);
  if (result.skipped) parts.push(`${result.skipped} skipped`);
  return `${result.passed ? 'passed' : 'FAILED'}: ${parts.join(', ')} of ${result.total} checks in ${formatDuration(result.durationMs)}`;
}

/** Job summary: a heading and one table row per check (result, status, duration, what failed). */
export function summaryMarkdown(result: SuiteResult, title = 'Smoke test'): string {
  const rows = result.results.map((r) => [
    ICONS[r.outcome],
    r.critical ? r.name : `${r.name} (non-critical)`,
    r.status ?? '—',
    r.durationMs === undefined
      ? '—'
      : `${r.durationMs.toLocaleString('en-US')} ms${r.attempts > 1 ? ` (${r.attempts} attempts)` : ''}`,
    [...r.failures, ...r.warnings].join('\n') || '',
  ]);
  const target = result.baseUrl ? ` against \`${result.baseUrl}\`` : '';
  const text = [
    `### ${result.passed ? '✅' : '❌'} ${title} ${headline(result)}`,
    '',
    `Checks from \`${result.origin}\`${target}.`,
    '',
    markdownTable(['Result', 'Check', 'Status', 'Duration', 'Details'], rows),
  ].join('\n');
  return truncate(text, { maxBytes: JOB_SUMMARY_MAX_BYTES / 2 }).text;
}

/** The JSON report (`report-file`): the suite result as is; it is already redacted and bodies are cut. */
export function jsonReport(result: SuiteResult): Record<string, unknown> {
  return { tool: 'credex smoke-test', version: 1, ...result };
}

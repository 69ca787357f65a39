import { details, escapeHtml, markdownTable, type Cell } from '@credex/reports';
import type { GateOptions, GateResult } from './gate';
import type { SnykFinding } from './model';
import { severityRank } from './severity';

export interface SummaryOptions {
  title: string;
  gate: GateOptions;
  /** When the gate did not run (no token and if-no-token: skip, or the scan failed). */
  note?: string;
  /** Most table rows to show (the rest are counted). */
  maxRows?: number;
  /** What was merged or cut to fit GitHub's SARIF limits. */
  sarifNotes?: string[];
}

function introducedThrough(finding: SnykFinding): string {
  const first = finding.paths[0];
  if (!first || first.length < 2) return finding.file ?? '';
  const shown = first.slice(1).join(' › ');
  const more = finding.paths.length - 1;
  return more > 0 ? `${shown} (+${more} more path${more === 1 ? '' : 's'})` : shown;
}

function remedy(finding: SnykFinding): string {
  if (finding.upgradeTo) return `upgrade to ${finding.upgradeTo}`;
  if (finding.fixedIn.length) return `fixed in ${finding.fixedIn.join(', ')}`;
  if (finding.isPatchable) return 'patch available';
  return finding.kind === 'code' && finding.file ? `${finding.file}${finding.line ? `:${finding.line}` : ''}` : '—';
}

/** The job summary / PR comment body for a Snyk gate. */
export function snykSummary(result: GateResult, options: SummaryOptions): string {
  const maxRows = options.maxRows ?? 100;
  // Projects Snyk could not test, with nothing failing the gate, are an error, not a failed gate.
  const verdict = result.passed ? '✅ passed' : result.failing.length ? '❌ failed' : '⚠️ error';
  const out: string[] = [`### ${escapeHtml(options.title)}: ${verdict}`, ''];
  if (options.note) out.push(`> ${escapeHtml(options.note)}`, '');
  out.push(
    markdownTable(
      ['Critical', 'High', 'Medium', 'Low', 'Ignored'],
      [[result.counts.critical, result.counts.high, result.counts.medium, result.counts.low, result.ignored.length]],
      ['right', 'right', 'right', 'right', 'right'],
    ),
  );
  out.push(
    `Gate: fails on ${options.gate.failOn === 'all' ? 'any' : options.gate.failOn} issue at or above **${options.gate.severityThreshold}** severity — ${result.failing.length} failing.`,
    '',
  );
  for (const error of result.errors)
    out.push(`- ⚠️ Snyk could not test ${escapeHtml(error.project)}: ${escapeHtml(error.error)}`);
  for (const rule of result.expired) {
    out.push(
      `- ⏰ ignore for ${escapeHtml(rule.id)} expired on ${rule.expires?.toISOString().slice(0, 10)}; it no longer applies`,
    );
  }
  if (result.errors.length || result.expired.length) out.push('');

  const sorted = [...result.findings].sort(
    (a, b) =>
      (a.packageName ?? a.file ?? '').localeCompare(b.packageName ?? b.file ?? '') ||
      severityRank(b.severity) - severityRank(a.severity) ||
      a.id.localeCompare(b.id),
  );
  if (sorted.length) {
    const rows: Cell[][] = [];
    let lastPackage: string | undefined;
    for (const finding of sorted.slice(0, maxRows)) {
      const pkg = finding.packageName
        ? `${finding.packageName}@${finding.version ?? '?'}`
        : (finding.file ?? finding.project);
      rows.push([
        pkg === lastPackage ? '〃' : pkg,
        finding.severity,
        finding.title,
        finding.url ? `[${finding.id}](${finding.url})` : finding.id,
        introducedThrough(finding),
        remedy(finding),
      ]);
      lastPackage = pkg;
    }
    out.push(markdownTable(['Package', 'Severity', 'Title', 'ID', 'Introduced through', 'Fixed in / upgrade'], rows));
    if (sorted.length > maxRows) out.push(`…and ${sorted.length - maxRows} more (see the JSON report).`, '');
  }
  if (result.ignored.length) {
    const rows = result.ignored.map(({ finding, rule, source }) => [
      finding.id,
      finding.packageName ?? finding.file ?? '',
      source === 'snyk' ? 'Snyk' : 'ignore input',
      rule.reason,
      rule.expires ? rule.expires.toISOString().slice(0, 10) : 'never',
    ]);
    out.push(
      details(
        `${result.ignored.length} ignored`,
        markdownTable(['ID', 'Package / file', 'Ignored by', 'Reason', 'Expires'], rows),
      ),
    );
  }
  if (options.sarifNotes?.length) {
    out.push('', '**SARIF for code scanning** (GitHub’s upload limits):', '');
    for (const note of options.sarifNotes) out.push(`- ${escapeHtml(note)}`);
    out.push('', 'Every finding is still in the table above and in the JSON report.');
  }
  return `${out.join('\n')}\n`;
}

import { formatDuration } from '@credex/action-kit';
import { markdownTable } from '@credex/reports';
import type { DcoReport } from './run';
import { CATEGORIES } from './steps';

/** The job summary for a run: what was (or would be) changed, and how verification went. */
export function renderSummary(report: DcoReport): string {
  const title = report.mode === 'flag' ? 'DCO flag maintenance' : 'DCO flagged update';
  const lines = [`### ${title}${report.dryRun ? ' (dry run: nothing written)' : ''}`, ''];
  if (report.activeDate) lines.push(`Active Daynode: **${report.activeDate}** · run \`${report.runId}\``, '');
  if (report.problems.length) {
    lines.push('**Refused, nothing was changed:**', '', ...report.problems.map((p) => `- ${p}`), '');
  }
  if (report.flagChanges) {
    lines.push(
      markdownTable(
        ['Entities', 'Flag set', 'Flag cleared'],
        report.flagChanges.map((c) => [c.target, c.set, c.cleared]),
        ['left', 'right', 'right'],
      ),
    );
  } else if (!report.problems.length) {
    lines.push(
      markdownTable(
        ['Category', report.dryRun ? 'Would revalue' : 'Revalued', 'Already done today', 'By denomination'],
        CATEGORIES.map((c) => {
          const byDenomination = c === 'searchCredexes' ? undefined : report.byDenomination[c];
          const already = c === 'searchCredexes' ? '' : (report.alreadyDone[c] ?? 0);
          const split = byDenomination
            ? Object.entries(byDenomination)
                .map(([d, n]) => `${d || '(none)'} ${n}`)
                .join(', ')
            : '';
          return [c, report.counts[c], already, split];
        }),
        ['left', 'right', 'right', 'left'],
      ),
    );
  }
  lines.push(`Batches: ${report.batches} · duration ${formatDuration(report.durationMs)}`, '');
  if (report.indexes.created.length) lines.push(`Indexes created: ${report.indexes.created.join(', ')}`, '');
  if (report.indexes.missing.length)
    lines.push(`Indexes a real run would create: ${report.indexes.missing.join(', ')}`, '');
  if (report.samples?.length) {
    lines.push(
      markdownTable(
        ['Category', 'Denomination', 'Property', 'Before', 'After'],
        report.samples.map((s) => [s.category, s.denomination, s.property, s.before, s.after]),
      ),
    );
  }
  const v = report.verification;
  if (v) {
    lines.push(`**Verification: ${v.ok ? 'passed' : 'FAILED'}**`, '');
    lines.push(
      markdownTable(
        ['Check', 'Result'],
        [
          ['flagged entities checked', v.flaggedChecked],
          ['without the Active date as marker', v.unmarked],
          ['CXX amounts not scaled exactly', v.cxxMismatches],
          ['currency face values moved (> 1e-9 relative) or multiplier not the rate', v.currencyMismatches],
          [
            `unflagged entities (${v.unflagged.entities}) checksum`,
            v.unflagged.equal ? 'unchanged' : `changed ${v.unflagged.before} -> ${v.unflagged.after}`,
          ],
          ...(v.search
            ? [
                [
                  `SearchSpace credexes equal to LedgerSpace (${v.search.checked} checked)`,
                  v.search.mismatches === 0 ? 'all equal' : `${v.search.mismatches} differ`,
                ],
              ]
            : []),
        ],
      ),
    );
    if (v.samples.length) lines.push('', ...v.samples.map((s) => `- ${s}`));
  }
  return `${lines.join('\n')}\n`;
}

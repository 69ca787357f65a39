import { formatDuration } from '@credex/action-kit';
import { CATEGORIES, type DcoReport } from '@credex/dco';
import { markdownTable } from '@credex/reports';

function title(report: DcoReport): string {
  if (report.mode === 'flag') return 'DCO flag maintenance';
  if (report.mode === 'verify') return 'DCO flagged entities check';
  return 'DCO flagged update';
}

function countsTable(report: DcoReport): string {
  return markdownTable(
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
  );
}

type Row = (string | number)[];

function searchRow(search: { checked: number; mismatches: number } | undefined): Row[] {
  if (!search) return [];
  return [
    [
      `SearchSpace credexes equal to LedgerSpace (${search.checked} checked)`,
      search.mismatches === 0 ? 'all equal' : `${search.mismatches} differ`,
    ],
  ];
}

/** "**Verification: passed**", the table of checks, then the samples as a list. */
function resultSection(name: string, ok: boolean, rows: Row[], samples: string[]): string[] {
  const lines = [`**${name}: ${ok ? 'passed' : 'FAILED'}**`, '', markdownTable(['Check', 'Result'], rows)];
  if (samples.length) lines.push('', ...samples.map((s) => `- ${s}`));
  return lines;
}

function verificationLines(report: DcoReport): string[] {
  const v = report.verification;
  if (!v) return [];
  const rows: Row[] = [
    ['flagged entities checked', v.flaggedChecked],
    ['without the Active date as marker', v.unmarked],
    ['CXX amounts not scaled exactly', v.cxxMismatches],
    ['currency face values moved (> 1e-9 relative) or multiplier not the rate', v.currencyMismatches],
    ['values not matching their fingerprint', v.tampered],
    ...(v.skipped ? [['tampered entities left as they were (on-tampered skip)', v.skipped]] : []),
    [
      `unflagged entities (${v.unflagged.entities}) checksum`,
      v.unflagged.equal ? 'unchanged' : `changed ${v.unflagged.before} -> ${v.unflagged.after}`,
    ],
    ...searchRow(v.search),
  ];
  return resultSection('Verification', v.ok, rows, v.samples);
}

function checkLines(report: DcoReport): string[] {
  const c = report.check;
  if (!c) return [];
  const rows: Row[] = [
    ['flagged entities revalued to the Active date', c.done],
    ['flagged entities not yet revalued to it', c.pending],
    ['changed by another writer since this step revalued them', c.tampered],
    ...searchRow(c.search),
  ];
  return resultSection('Check', c.ok, rows, c.samples);
}

/** The job summary for a run: what was (or would be) changed, and how verification went. */
export function renderSummary(report: DcoReport): string {
  const lines = [`### ${title(report)}${report.dryRun ? ' (dry run: nothing written)' : ''}`, ''];
  if (report.activeDate) lines.push(`Active Daynode: **${report.activeDate}** · run \`${report.runId}\``, '');
  if (report.problems.length) {
    lines.push('**Refused, nothing was changed:**', '', ...report.problems.map((p) => `- ${p}`), '');
  }
  if (report.tampered) {
    lines.push(
      `**${report.tampered.count} flagged entities were changed by another writer** after this step revalued them (on-tampered: ${report.tampered.policy}${report.tampered.adopted ? `, ${report.tampered.adopted} taken as they are` : ''}):`,
      '',
      ...report.tampered.samples.map((s) => `- ${s}`),
      '',
    );
  }
  if (report.hold?.held)
    lines.push('The transaction queue was held (DCOrunningNow set by this run) for the length of the run.', '');
  if (report.flagChanges) {
    lines.push(
      markdownTable(
        ['Entities', 'Flag set', 'Flag cleared'],
        report.flagChanges.map((c) => [c.target, c.set, c.cleared]),
        ['left', 'right', 'right'],
      ),
    );
  } else if (report.mode === 'revalue' && !report.problems.length) {
    lines.push(countsTable(report));
  }
  if (report.mode !== 'verify')
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
  lines.push(...verificationLines(report), ...checkLines(report));
  return `${lines.join('\n')}\n`;
}

import { escapeHtml, markdownTable, type Cell } from '@credex/reports';
import type { Evaluation } from './evaluate';
import { ruleId, type Risk } from './model';

export interface ZapSummaryOptions {
  title: string;
  target: string;
  failOnRisk: Risk;
  urlsPerAlert?: number;
  maxAlerts?: number;
  note?: string;
  /** What was merged or cut to fit GitHub's SARIF limits. */
  sarifNotes?: string[];
}

const LABEL: Record<Risk, string> = { high: 'High', medium: 'Medium', low: 'Low', informational: 'Informational' };

export function zapSummary(evaluation: Evaluation, options: ZapSummaryOptions): string {
  const urls = options.urlsPerAlert ?? 3;
  const maxAlerts = options.maxAlerts ?? 100;
  const out = [`### ${escapeHtml(options.title)}: ${evaluation.passed ? '✅ passed' : '❌ failed'}`, ''];
  out.push(`Target: ${escapeHtml(options.target)}`, '');
  if (options.note) out.push(`> ${escapeHtml(options.note)}`, '');
  const risks: Risk[] = ['high', 'medium', 'low', 'informational'];
  out.push(
    markdownTable(
      ['Risk', 'Alerts', 'Instances'],
      risks.map((r) => [LABEL[r], evaluation.counts[r].alerts, evaluation.counts[r].instances]),
      ['left', 'right', 'right'],
    ),
  );
  out.push(
    `Gate: alerts at or above **${options.failOnRisk}** risk fail, unless the rules file says otherwise — ${evaluation.failing.length} failing; ${evaluation.dropped.length} dropped by rules, scope or confidence.`,
    '',
  );
  if (evaluation.alerts.length) {
    const rows: Cell[][] = evaluation.alerts.slice(0, maxAlerts).map((alert) => {
      const shown = alert.instances.slice(0, urls).map((i) => `${i.method} ${i.uri}`);
      const more = alert.count - shown.length;
      return [
        LABEL[alert.risk],
        alert.name,
        ruleId(alert),
        alert.count,
        alert.action,
        `${shown.join('\n')}${more > 0 ? `\n…and ${more} more` : ''}`,
      ];
    });
    out.push(markdownTable(['Risk', 'Alert', 'Rule', 'Instances', 'Action', 'URLs'], rows));
    if (evaluation.alerts.length > maxAlerts)
      out.push(`…and ${evaluation.alerts.length - maxAlerts} more alerts (see the report).`, '');
  }
  if (options.sarifNotes?.length) {
    out.push('**SARIF for code scanning** (GitHub’s upload limits):', '');
    for (const note of options.sarifNotes) out.push(`- ${escapeHtml(note)}`);
    out.push('', 'Every alert is still in the table above and in the ZAP report.', '');
  }
  return `${out.join('\n')}\n`;
}

import type { ActionResult } from '../../test/harness/run-bundle';

/** Console output of the demo: plain text, readable in a terminal and in a CI log. */

const SUMMARY_MAX_LINES = 40;
const WIDTH = 100;

export function redactor(secrets: Set<string>): (text: string) => string {
  return (text) => {
    let out = text;
    for (const secret of secrets) if (secret.length >= 4) out = out.split(secret).join('***');
    return out;
  };
}

export function banner(text: string): void {
  console.log(`\n${'═'.repeat(WIDTH)}\n${text}\n${'═'.repeat(WIDTH)}`);
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

function indent(text: string, prefix = '    '): string {
  return text
    .split('\n')
    .map((line) => (line.trim() === '' ? '' : `${prefix}${line}`))
    .join('\n');
}

/** The job summary as a person would read it: markdown kept, HTML details/summary tags turned into plain lines. */
export function summaryText(markdown: string): string {
  const lines = markdown
    .replace(/<summary>(.*?)<\/summary>/g, '$1:')
    .replace(/<\/?details[^>]*>/g, '')
    .split('\n')
    // inside a table row a line break would split the row: keep it on one line
    .map((line) => line.replace(/<br\s*\/?>/g, line.startsWith('|') ? '; ' : '\n'))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()
    .split('\n');
  if (lines.length <= SUMMARY_MAX_LINES) return lines.join('\n');
  return [...lines.slice(0, SUMMARY_MAX_LINES), `… (${lines.length - SUMMARY_MAX_LINES} more lines)`].join('\n');
}

export function printStep(
  label: string,
  action: string,
  result: ActionResult,
  expectedExit: number,
  problems: string[],
  redact: (text: string) => string,
): void {
  console.log(`\n── ${action}: ${label} ${'─'.repeat(Math.max(3, WIDTH - action.length - label.length - 6))}`);
  const how = result.timedOut ? ' (killed: timed out)' : result.signal ? ` (signal ${result.signal})` : '';
  console.log(`  exit code ${String(result.exitCode)}${how}, expected ${expectedExit}; ${seconds(result.durationMs)}`);
  if (result.post) console.log(`  post step: exit code ${String(result.post.exitCode)}`);
  const outputs = Object.entries(result.outputs);
  if (outputs.length > 0) {
    const width = Math.max(...outputs.map(([name]) => name.length));
    console.log('  outputs:');
    for (const [name, value] of outputs) console.log(`    ${name.padEnd(width)}  ${redact(value)}`);
  }
  const notes = result.annotations.filter((a) => a.level !== 'notice');
  if (notes.length > 0) {
    console.log('  annotations:');
    for (const note of notes) console.log(`    ${note.level}: ${redact(note.message)}`);
  }
  if (result.summary.trim() !== '') {
    console.log('  job summary:');
    console.log(indent(redact(summaryText(result.summary))));
  }
  if (problems.length > 0 && result.log.trim() !== '') {
    console.log('  log (last lines):');
    console.log(indent(redact(result.log.trim().split('\n').slice(-15).join('\n'))));
  }
  if (result.exitCode !== expectedExit && result.stderr.trim() !== '') {
    console.log('  stderr (last lines):');
    console.log(indent(redact(result.stderr.trim().split('\n').slice(-15).join('\n'))));
  }
  for (const problem of problems) console.log(`  ✗ unexpected: ${redact(problem)}`);
}

export interface Row {
  scenario: string;
  result: 'ok' | 'unexpected' | 'skipped';
  detail: string;
  ms: number;
}

export function printTable(rows: Row[], redact: (text: string) => string): void {
  const mark = { ok: '✔ as expected', unexpected: '✘ UNEXPECTED', skipped: '– skipped' };
  const nameWidth = Math.max(8, ...rows.map((r) => r.scenario.length));
  const markWidth = Math.max(...Object.values(mark).map((m) => m.length));
  console.log(`\n${'Scenario'.padEnd(nameWidth)}  ${'Result'.padEnd(markWidth)}  ${'Time'.padStart(7)}  Detail`);
  console.log(`${'-'.repeat(nameWidth)}  ${'-'.repeat(markWidth)}  ${'-'.repeat(7)}  ${'-'.repeat(40)}`);
  for (const row of rows) {
    const time = row.result === 'skipped' ? '' : seconds(row.ms);
    console.log(
      `${row.scenario.padEnd(nameWidth)}  ${mark[row.result].padEnd(markWidth)}  ${time.padStart(7)}  ${redact(row.detail)}`,
    );
  }
}

export type Cell = string | number | boolean | null | undefined;
export type Align = 'left' | 'center' | 'right';

/** Makes any text safe for one table cell: pipes escaped, line breaks as <br>, never empty-looking. */
export function escapeCell(value: Cell): string {
  if (value === null || value === undefined) return '';
  return String(value)
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/\r\n|\r|\n/g, '<br>')
    .trim();
}

const SEPARATORS: Record<Align, string> = { left: ':---', center: ':---:', right: '---:' };

/** A GitHub-flavoured markdown table. Rows shorter than the header are padded; longer ones are an error. */
export function markdownTable(headers: string[], rows: Cell[][], align: Align[] = []): string {
  if (headers.length === 0) throw new Error('markdownTable: at least one column is needed');
  const line = (cells: Cell[]): string => `| ${cells.map(escapeCell).join(' | ')} |`;
  const out = [line(headers), `| ${headers.map((_, i) => SEPARATORS[align[i] ?? 'left']).join(' | ')} |`];
  rows.forEach((row, i) => {
    if (row.length > headers.length) {
      throw new Error(`markdownTable: row ${i + 1} has ${row.length} cells, the header has ${headers.length}`);
    }
    out.push(line([...row, ...Array<Cell>(headers.length - row.length).fill('')]));
  });
  return `${out.join('\n')}\n`;
}

/** Escapes text so that it shows literally inside HTML (details/summary blocks, table cells with <br>). */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * A collapsible block. The summary is plain text (escaped); the body is markdown and is separated by blank lines
 * so GitHub renders it.
 */
export function details(summary: string, body: string, options: { open?: boolean } = {}): string {
  const open = options.open ? ' open' : '';
  return `<details${open}>\n<summary>${escapeHtml(summary)}</summary>\n\n${body.trimEnd()}\n\n</details>\n`;
}

/** A fenced code block whose fence is longer than any backtick run inside the text. */
export function codeBlock(text: string, language = ''): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}${language}\n${text.replace(/\n$/, '')}\n${fence}\n`;
}

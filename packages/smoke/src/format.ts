/** How numbers and values appear in failure messages. */

export function ms(value: number): string {
  return `${Math.round(value).toLocaleString('en-US')} ms`;
}

/** `30 s`, `2.3 s`: whole seconds lose the decimal. */
export function seconds(valueMs: number): string {
  const tenths = Math.round(valueMs / 100) / 10;
  return `${Number.isInteger(tenths) ? tenths.toFixed(0) : tenths.toFixed(1)} s`;
}

export function attempts(count: number, elapsedMs: number): string {
  return `after ${count} attempt${count === 1 ? '' : 's'} over ${seconds(elapsedMs)}`;
}

/** A value as JSON, cut to a readable length. */
export function shown(value: unknown, max = 80): string {
  const text = value === undefined ? 'undefined' : (JSON.stringify(value) ?? typeof value);
  return text.length > max ? `${text.slice(0, max - 3)}...` : text;
}

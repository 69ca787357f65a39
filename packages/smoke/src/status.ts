import type { StatusMatcher } from './types';

/**
 * Reads an expected status: a code (200), a class (2xx), a range (200-299), or a list of those
 * (an array, or text separated by commas). Returns undefined when the text is none of these.
 */
export function parseStatus(
  value: string | number | boolean | (string | number | boolean)[],
): StatusMatcher | undefined {
  const parts = Array.isArray(value) ? value.map(String) : String(value).split(',');
  const ranges: [number, number][] = [];
  const texts: string[] = [];
  for (const raw of parts) {
    const part = raw.trim().toLowerCase();
    let range: [number, number] | undefined;
    if (/^[1-5]\d\d$/.test(part)) range = [Number(part), Number(part)];
    else if (/^[1-5]xx$/.test(part)) range = [Number(part[0]) * 100, Number(part[0]) * 100 + 99];
    else if (/^[1-5]\dx$/.test(part)) range = [Number(part.slice(0, 2)) * 10, Number(part.slice(0, 2)) * 10 + 9];
    else {
      const m = /^([1-5]\d\d)\s*-\s*([1-5]\d\d)$/.exec(part);
      if (m && Number(m[1]) <= Number(m[2])) range = [Number(m[1]), Number(m[2])];
    }
    if (!range) return undefined;
    ranges.push(range);
    texts.push(part);
  }
  if (ranges.length === 0) return undefined;
  const text = texts.length <= 2 ? texts.join(' or ') : `${texts.slice(0, -1).join(', ')} or ${texts.at(-1)}`;
  return { text, ranges };
}

export function statusMatches(matcher: StatusMatcher, status: number): boolean {
  return matcher.ranges.some(([min, max]) => status >= min && status <= max);
}

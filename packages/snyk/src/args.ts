/**
 * Splits extra CLI arguments written in a workflow (`--org=credex --file="my file.json"`) into words. Quotes group
 * words and are removed; there is no shell, so nothing else is special.
 */
export function splitArgs(text: string | undefined): string[] {
  if (!text) return [];
  const words: string[] = [];
  let current = '';
  let quote: '"' | "'" | undefined;
  let inWord = false;
  for (const ch of text) {
    if (quote) {
      if (ch === quote) quote = undefined;
      else current += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      inWord = true;
    } else if (/\s/.test(ch)) {
      if (inWord) words.push(current);
      current = '';
      inWord = false;
    } else {
      current += ch;
      inWord = true;
    }
  }
  if (quote) throw new Error(`unclosed ${quote} quote`);
  if (inWord) words.push(current);
  return words;
}

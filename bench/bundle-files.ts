// The files a bundle's entry loads: dist/<name>/index.js and the chunks it imports, at start (static imports) or
// with what it may import() later too. Shared by the bundles and deploy benchmarks.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

const STATIC_IMPORT = /\bimport\s*(?:\{[^}]*\}|\*\s*as\s*[\w$]+|[\w$]+)?\s*(?:from\s*)?["'](\.{1,2}\/[^"']+)["']/g;
const DYNAMIC_IMPORT = /\bimport\(\s*["'](\.{1,2}\/[^"']+)["']\s*\)/g;

/** The files an entry loads: statically imported only (at start), or with what it may import() later too. */
export function reachable(entry: string, withLazy: boolean): Set<string> {
  const seen = new Set<string>();
  const pending = [entry];
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (seen.has(file) || !existsSync(file)) continue;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    for (const pattern of withLazy ? [STATIC_IMPORT, DYNAMIC_IMPORT] : [STATIC_IMPORT]) {
      for (const match of text.matchAll(pattern)) pending.push(resolve(dirname(file), match[1]!));
    }
  }
  return seen;
}

export const gzipTotal = (files: Iterable<string>): number =>
  [...files].reduce((n, f) => n + gzipSync(readFileSync(f)).length, 0);

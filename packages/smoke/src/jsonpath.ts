import { JSONPath } from 'jsonpath-plus';

/**
 * jsonpath-plus accepts almost any text, so unbalanced or malformed paths are caught here first.
 * Returns a problem description, or undefined when the path is well formed.
 */
export function jsonPathProblem(path: string): string | undefined {
  if (!path.startsWith('$')) return 'must start with $';
  if (/\.$/.test(path) && !path.endsWith('..')) return 'ends with "."';
  if (/\.\.\.|\.\.$/.test(path)) return 'has a dangling ".."';
  let depth = 0;
  let paren = 0;
  let quote: string | undefined;
  for (let i = 1; i < path.length; i++) {
    const c = path[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = undefined;
      continue;
    }
    if (c === "'" || c === '"') quote = c;
    else if (c === '[') {
      if (depth === 0 && path[i + 1] === ']') return 'has empty brackets';
      depth++;
    } else if (c === ']') {
      if (--depth < 0) return 'has an unmatched "]"';
    } else if (c === '(') paren++;
    else if (c === ')') {
      if (--paren < 0) return 'has an unmatched ")"';
    } else if (depth === 0 && c !== '.' && c !== '*' && path[i - 1] === '$' && i === 1) {
      return 'must continue with . or [ after $';
    }
  }
  if (quote) return 'has an unclosed quote';
  if (depth !== 0) return 'has an unclosed "["';
  if (paren !== 0) return 'has an unclosed "("';
  return undefined;
}

/** All values the path selects (empty when none). Throws on an expression jsonpath-plus cannot evaluate. */
export function queryJson(path: string, json: unknown): unknown[] {
  const result: unknown = JSONPath({ path, json: json as object, wrap: true, eval: 'safe' });
  return Array.isArray(result) ? result : [];
}

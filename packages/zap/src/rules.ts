import { compilePythonRegex, PythonRegexError, type PythonRegex } from './python-regex';

/**
 * The rules file of ZAP's scan scripts (`-c`), read exactly as `load_config` in zap_common.py reads it, so a file
 * means the same to this action as to ZAP:
 * - the file is UTF-8 (the ZAP image runs Python with LANG=C.UTF-8); lines end at \n, \r\n or \r;
 * - a line is a comment only when `#` is its first character; a line of whitespace is skipped;
 * - every other line has at least three tab-separated fields: plugin id, action, then a name (or, for OUTOFSCOPE, a
 *   URL regex that runs to the end of the line); trailing whitespace is cut first;
 * - the action is PASS, IGNORE, INFO, WARN, FAIL or OUTOFSCOPE, in upper case; a fourth field is a message;
 * - OUTOFSCOPE takes a plugin id, `*` or a comma-separated list of ids, and a Python regex matched with `re.match`
 *   (from the start of the URL).
 * What ZAP refuses is refused here first, naming the line. What ZAP accepts but silently never applies (a
 * byte-order mark glued to the first id, an id that is not a number, an id list or `*` outside OUTOFSCOPE, a tab
 * inside a regex) is refused too.
 */
export type RuleAction = 'PASS' | 'IGNORE' | 'INFO' | 'WARN' | 'FAIL';

export interface OutOfScopeRule {
  /** A plugin id or `*`. */
  pluginId: string;
  regex: PythonRegex;
  line: number;
}

export interface RulesFile {
  /** Action per plugin id (a later line for the same id wins, as in ZAP). */
  actions: Map<string, RuleAction>;
  /** A rule's own message (the fourth field), when given. */
  messages: Map<string, string>;
  outOfScope: OutOfScopeRule[];
}

export class RulesFileError extends Error {
  override readonly name = 'RulesFileError';
}

const ACTIONS: readonly string[] = ['PASS', 'IGNORE', 'INFO', 'WARN', 'FAIL'];
const PLUGIN_ID = /^-?\d+$/;

// Python's str.isspace(), which strip() and rstrip() use (it differs from JavaScript's trim()).
// eslint-disable-next-line no-control-regex -- the file separators \x1c-\x1f are whitespace to Python
const PY_SPACE = /[\t\n\v\f\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/;
const pyRstrip = (text: string): string => {
  let end = text.length;
  while (end > 0 && PY_SPACE.test(text[end - 1]!)) end--;
  return text.slice(0, end);
};
const pyIsBlank = (text: string): boolean => [...text].every((ch) => PY_SPACE.test(ch));

/** Shows at most the start of a line, so an error never repeats a whole file's content. */
function shown(text: string): string {
  const visible = text.replace(/\t/g, '→');
  return JSON.stringify(visible.length > 60 ? `${visible.slice(0, 57)}...` : visible);
}

function decode(input: string | Uint8Array): string {
  if (typeof input === 'string') return input;
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(input);
  } catch {
    throw new RulesFileError('is not UTF-8 text (ZAP reads it as UTF-8 and stops)');
  }
}

export function parseRulesFile(input: string | Uint8Array): RulesFile {
  const content = decode(input);
  const rules: RulesFile = { actions: new Map(), messages: new Map(), outOfScope: [] };
  content.split(/\r\n|\r|\n/).forEach((text, index) => {
    const line = index + 1;
    const fail = (why: string): never => {
      throw new RulesFileError(`line ${line}: ${why}: ${shown(text)}`);
    };
    if (text.startsWith('\ufeff')) {
      fail(
        'starts with a byte-order mark, which ZAP keeps as part of the plugin id (so the rule never applies) or of a comment (so ZAP stops); save the file as UTF-8 without BOM',
      );
    }
    if (text.startsWith('#') || pyIsBlank(text)) return;
    const tabs = text.split('\t').length - 1;
    if (tabs < 2) {
      if (pyRstrip(text).trimStart().startsWith('#')) {
        fail('an indented comment: ZAP treats a line as a comment only when # is its first character');
      }
      if (/ {1,}/.test(text) && tabs === 0) fail('fields are separated by spaces; ZAP needs tabs between the fields');
      fail(`ZAP needs at least 3 tab-separated fields (plugin id, action, name), found ${tabs + 1}`);
    }
    const stripped = pyRstrip(text);
    const first = stripped.indexOf('\t');
    const second = first < 0 ? -1 : stripped.indexOf('\t', first + 1);
    if (second < 0) fail('the third field (the name, or the URL regex for OUTOFSCOPE) is empty');
    const key = stripped.slice(0, first);
    const action = stripped.slice(first + 1, second);
    const rest = stripped.slice(second + 1);

    if (action === 'OUTOFSCOPE') {
      for (const pluginId of key.split(',')) {
        if (pluginId !== '*' && !PLUGIN_ID.test(pluginId)) {
          fail(`OUTOFSCOPE plugin id ${JSON.stringify(pluginId)} is not a number or *, so ZAP would never apply it`);
        }
      }
      if (rest.includes('\t')) {
        fail(
          'the URL regex contains a tab: ZAP takes everything after the second tab as the regex, so a fourth field becomes part of it',
        );
      }
      const regex = compileRegex(rest, fail);
      for (const pluginId of key.split(',')) rules.outOfScope.push({ pluginId, regex, line });
      return;
    }
    if (!ACTIONS.includes(action)) {
      const upper = action.trim().toUpperCase();
      fail(
        ACTIONS.includes(upper) || upper === 'OUTOFSCOPE'
          ? `action ${JSON.stringify(action)} must be written exactly ${upper} (ZAP stops otherwise)`
          : `action ${JSON.stringify(action)} is not one of ${[...ACTIONS, 'OUTOFSCOPE'].join(', ')} (ZAP stops otherwise)`,
      );
    }
    if (key.includes(',')) {
      fail('a list of plugin ids only works with OUTOFSCOPE; ZAP would read it as one id and never apply it');
    }
    if (key === '*') fail('* only works with OUTOFSCOPE; ZAP would never apply it to an action');
    if (!PLUGIN_ID.test(key)) {
      fail(`plugin id ${JSON.stringify(key)} is not a number, so ZAP would never apply the rule`);
    }
    let message = '';
    if (rest.includes('\t')) {
      const parts = pyRstrip(rest).split('\t');
      if (parts.length !== 2) {
        fail('too many fields: ZAP allows plugin id, action, name and one message, separated by tabs');
      }
      message = parts[1]!;
    }
    rules.actions.set(key, action as RuleAction);
    if (message) rules.messages.set(key, message);
    else rules.messages.delete(key);
  });
  return rules;
}

function compileRegex(pattern: string, fail: (why: string) => never): PythonRegex {
  try {
    return compilePythonRegex(pattern);
  } catch (error) {
    if (!(error instanceof PythonRegexError)) throw error;
    return fail(
      error.kind === 'invalid'
        ? `the URL regex is not valid for Python's re, so ZAP would stop: ${error.message} at position ${error.position}`
        : `the URL regex is valid Python but cannot be applied the same way here: ${error.message}`,
    );
  }
}

/** `re.match` of a rule's regex against an alert URL, as zap_common.is_in_scope does. */
export function isOutOfScope(rules: RulesFile | undefined, pluginId: string, url: string): boolean {
  return (rules?.outOfScope ?? []).some(
    (rule) => (rule.pluginId === '*' || rule.pluginId === pluginId) && rule.regex.matchesStart(url),
  );
}

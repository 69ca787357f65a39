/**
 * ZAP's scan scripts compile each OUTOFSCOPE regex with Python's `re` (3.11, the ZAP image's Python) and apply it
 * with `re.match`: anchored at the start of the URL, not at the end. This module parses a pattern the way Python's
 * parser does, refuses what Python refuses (with the reason), and writes an equivalent JavaScript RegExp (flags `u`
 * for code points and `y` so a match must start at position 0, like `re.match`).
 *
 * Python constructs that JavaScript cannot express with the same meaning (atomic groups, possessive quantifiers,
 * conditionals, backreferences, named characters, a scoped case-insensitive flag) are refused as unsupported, so a
 * pattern is never applied with a meaning ZAP would not give it.
 */
export class PythonRegexError extends Error {
  override readonly name = 'PythonRegexError';
  constructor(
    message: string,
    /** 'invalid': Python refuses it too; 'unsupported': valid Python this action cannot reproduce. */
    readonly kind: 'invalid' | 'unsupported',
    /** Code point offset in the pattern. */
    readonly position: number,
  ) {
    super(message);
  }
}

export interface PythonRegex {
  /** Python's pattern text. */
  source: string;
  /** The JavaScript translation (flags `u`, `y` and `i` when the pattern sets it). */
  regex: RegExp;
  /** `re.match(pattern, text) is not None`. */
  matchesStart(text: string): boolean;
}

interface Flags {
  multiline: boolean;
  dotAll: boolean;
  verbose: boolean;
  ascii: boolean;
}

interface Piece {
  js: string;
  min: number;
  max: number;
  /** What Python would say to a quantifier after it: nothing to repeat (anchors) or multiple repeat. */
  repeat: 'ok' | 'anchor' | 'repeated';
}

const INFINITE = Number.POSITIVE_INFINITY;
const MAX_REPEAT = 4294967295;
const VERBOSE_SPACE = new Set([' ', '\t', '\n', '\r', '\v', '\f']);
const DIGITS = /^[0-9]$/;
const OCTAL = /^[0-7]$/;
const HEX = /^[0-9a-fA-F]$/;
const ASCII_LETTER = /^[A-Za-z]$/;

// Python's str.isspace(): what `\s` matches without the ASCII flag.
const UNICODE_SPACE = '\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const CATEGORY: Record<string, { unicode: string; ascii: string }> = {
  d: { unicode: '\\p{Nd}', ascii: '0-9' },
  w: { unicode: '\\p{L}\\p{N}_', ascii: 'A-Za-z0-9_' },
  s: { unicode: UNICODE_SPACE, ascii: ' \\t\\n\\r\\f\\v' },
};
const SIMPLE_ESCAPES: Record<string, string> = {
  a: '\\x07',
  f: '\\f',
  n: '\\n',
  r: '\\r',
  t: '\\t',
  v: '\\v',
  '\\': '\\\\',
};

function codePointJs(cp: number): string {
  const ch = String.fromCodePoint(cp);
  return /^[A-Za-z0-9_ ]$/.test(ch) ? ch : `\\u{${cp.toString(16)}}`;
}

class Parser {
  private readonly chars: string[];
  private pos = 0;
  private groups = 0;
  private readonly names = new Map<string, number>();
  private readonly open = new Set<number>();
  private readonly widths = new Map<number, [number, number]>();
  /** Conditional groups may name a group defined later; Python checks those numbers at the end. */
  private readonly forwardRefs: { group: number; at: number }[] = [];
  private caseInsensitive = false;
  private globalUnicode = false;
  /** The first construct JavaScript cannot express; reported only when Python accepts the whole pattern. */
  private unsupportedAt?: PythonRegexError;

  constructor(readonly source: string) {
    this.chars = [...source];
  }

  private fail(message: string, at = this.pos): never {
    throw new PythonRegexError(message, 'invalid', at);
  }

  private unsupported(message: string, at = this.pos): void {
    this.unsupportedAt ??= new PythonRegexError(message, 'unsupported', at);
  }

  private peek(offset = 0): string | undefined {
    return this.chars[this.pos + offset];
  }

  private next(): string | undefined {
    return this.chars[this.pos++];
  }

  private eat(ch: string): boolean {
    if (this.peek() !== ch) return false;
    this.pos++;
    return true;
  }

  compile(): { js: string; flags: string } {
    const flags: Flags = { multiline: false, dotAll: false, verbose: false, ascii: false };
    const body = this.alternation(flags, 0);
    if (this.pos < this.chars.length) this.fail('unbalanced parenthesis');
    for (const ref of this.forwardRefs) {
      if (ref.group > this.groups) this.fail(`invalid group reference ${ref.group}`, ref.at);
    }
    if (this.unsupportedAt) throw this.unsupportedAt;
    return { js: body.js, flags: `uy${this.caseInsensitive ? 'i' : ''}` };
  }

  private alternation(flags: Flags, depth: number): Piece {
    const branches: Piece[] = [];
    for (;;) {
      branches.push(this.sequence(flags, depth, depth === 0 && branches.length === 0));
      if (!this.eat('|')) break;
    }
    if (branches.length === 1) return branches[0]!;
    return {
      js: branches.map((b) => b.js).join('|'),
      min: Math.min(...branches.map((b) => b.min)),
      max: Math.max(...branches.map((b) => b.max)),
      repeat: 'ok',
    };
  }

  private skipVerbose(flags: Flags): void {
    if (!flags.verbose) return;
    for (;;) {
      const ch = this.peek();
      if (ch !== undefined && VERBOSE_SPACE.has(ch)) this.pos++;
      else if (ch === '#') {
        while (this.peek() !== undefined && this.next() !== '\n');
      } else return;
    }
  }

  private sequence(flags: Flags, depth: number, first: boolean): Piece {
    const items: Piece[] = [];
    let atStart = first;
    for (;;) {
      this.skipVerbose(flags);
      const ch = this.peek();
      if (ch === undefined || ch === '|' || ch === ')') break;
      const start = this.pos;
      if (ch === '*' || ch === '+' || ch === '?' || (ch === '{' && this.quantifierAhead())) {
        const last = items.pop();
        const { min, max, text } = this.quantifier();
        if (!last || last.repeat === 'anchor') this.fail('nothing to repeat', start);
        if (last.repeat === 'repeated') this.fail('multiple repeat', start);
        let lazy = '';
        if (this.eat('?')) lazy = '?';
        else if (this.eat('+'))
          this.unsupported('possessive quantifiers (*+, ++, ?+, {m,n}+) have no JavaScript form', start);
        items.push({
          js: `(?:${last.js})${text}${lazy}`,
          min: last.min * min,
          max: max === 0 || last.max === 0 ? 0 : max === INFINITE || last.max === INFINITE ? INFINITE : last.max * max,
          repeat: 'repeated',
        });
        atStart = false;
        continue;
      }
      const atom = this.atom(flags, depth, atStart);
      if (atom === 'global-flags' || atom === undefined) continue;
      items.push(atom);
      atStart = false;
    }
    return {
      js: items.map((i) => i.js).join(''),
      min: items.reduce((n, i) => n + i.min, 0),
      max: items.reduce((n, i) => n + i.max, 0),
      repeat: items.length === 1 ? items[0]!.repeat : 'ok',
    };
  }

  /** `{` starts a quantifier only as `{m}`, `{m,}`, `{,n}`, `{m,n}` or `{,}`; otherwise it is a literal. */
  private quantifierAhead(): boolean {
    let i = this.pos + 1;
    if (this.chars[i] === '}') return false;
    while (DIGITS.test(this.chars[i] ?? '')) i++;
    if (this.chars[i] === ',') {
      i++;
      while (DIGITS.test(this.chars[i] ?? '')) i++;
    }
    return this.chars[i] === '}';
  }

  private quantifier(): { min: number; max: number; text: string } {
    const ch = this.next()!;
    if (ch === '*') return { min: 0, max: INFINITE, text: '*' };
    if (ch === '+') return { min: 1, max: INFINITE, text: '+' };
    if (ch === '?') return { min: 0, max: 1, text: '?' };
    let lo = '';
    let hi = '';
    while (DIGITS.test(this.peek() ?? '')) lo += this.next();
    const comma = this.eat(',');
    if (comma) while (DIGITS.test(this.peek() ?? '')) hi += this.next();
    else hi = lo;
    this.next(); // '}'
    const min = lo ? Number(lo) : 0;
    const max = hi ? Number(hi) : INFINITE;
    if (min >= MAX_REPEAT || (max !== INFINITE && max >= MAX_REPEAT)) {
      this.fail('the repetition number is too large');
    }
    if (max < min) this.fail('min repeat greater than max repeat');
    return { min, max, text: max === INFINITE ? `{${min},}` : min === max ? `{${min}}` : `{${min},${max}}` };
  }

  private atom(flags: Flags, depth: number, atStart: boolean): Piece | 'global-flags' | undefined {
    const start = this.pos;
    const ch = this.next()!;
    const one = (js: string): Piece => ({ js, min: 1, max: 1, repeat: 'ok' });
    const anchor = (js: string): Piece => ({ js, min: 0, max: 0, repeat: 'anchor' });
    switch (ch) {
      case '\\':
        return this.escape(flags, start);
      case '[':
        return one(this.charClass(flags, start));
      case '.':
        return one(flags.dotAll ? '[\\s\\S]' : '[^\\n]');
      case '^':
        return anchor(flags.multiline ? '(?:(?<![\\s\\S])|(?<=\\n))' : '(?<![\\s\\S])');
      case '$':
        return anchor(flags.multiline ? '(?=\\n|(?![\\s\\S]))' : '(?=\\n?(?![\\s\\S]))');
      case '(':
        return this.group(flags, depth, atStart, start);
      default:
        return one(codePointJs(ch.codePointAt(0)!));
    }
  }

  private category(letter: string, flags: Flags): { positive: string } | { negative: string } {
    const lower = letter.toLowerCase();
    const set = flags.ascii ? CATEGORY[lower]!.ascii : CATEGORY[lower]!.unicode;
    return letter === lower ? { positive: set } : { negative: set };
  }

  private escape(flags: Flags, start: number): Piece {
    const ch = this.next();
    if (ch === undefined) this.fail('bad escape (end of pattern)', start);
    const one = (js: string): Piece => ({ js, min: 1, max: 1, repeat: 'ok' });
    const anchor = (js: string): Piece => ({ js, min: 0, max: 0, repeat: 'anchor' });
    if ('dDwWsS'.includes(ch)) {
      const cat = this.category(ch, flags);
      return one('positive' in cat ? `[${cat.positive}]` : `[^${cat.negative}]`);
    }
    if (ch === 'A') return anchor('(?<![\\s\\S])');
    if (ch === 'Z') return anchor('(?![\\s\\S])');
    if (ch === 'b' || ch === 'B') {
      const word = `[${flags.ascii ? CATEGORY.w!.ascii : CATEGORY.w!.unicode}]`;
      const boundary = `(?:(?<=${word})(?!${word})|(?<!${word})(?=${word}))`;
      // Python's \\B never matches in an empty string.
      return anchor(ch === 'b' ? boundary : `(?!${boundary})(?:(?<=[\\s\\S])|(?=[\\s\\S]))`);
    }
    if (DIGITS.test(ch)) {
      if (ch === '0') {
        let digits = '0';
        while (digits.length < 3 && OCTAL.test(this.peek() ?? '')) digits += this.next();
        return one(codePointJs(Number.parseInt(digits, 8)));
      }
      if (OCTAL.test(ch) && OCTAL.test(this.peek() ?? '') && OCTAL.test(this.peek(1) ?? '')) {
        const digits = ch + this.next()! + this.next()!;
        const value = Number.parseInt(digits, 8);
        if (value > 0o377) this.fail(`octal escape value \\${digits} outside of range 0-0o377`, start);
        return one(codePointJs(value));
      }
      let number = ch;
      if (DIGITS.test(this.peek() ?? '')) number += this.next();
      return this.backreference(Number(number), `invalid group reference ${number}`, start);
    }
    const literal = this.codeEscape(ch, start);
    if (literal !== undefined) return one(codePointJs(literal));
    if (SIMPLE_ESCAPES[ch]) return one(SIMPLE_ESCAPES[ch]);
    if (ASCII_LETTER.test(ch)) this.fail(`bad escape \\${ch}`, start);
    return one(codePointJs(ch.codePointAt(0)!));
  }

  /** \xhh, \uhhhh, \Uhhhhhhhh and \N{…}: a code point, or undefined for other escapes. */
  private codeEscape(ch: string, start: number): number | undefined {
    const width = ch === 'x' ? 2 : ch === 'u' ? 4 : ch === 'U' ? 8 : 0;
    if (width) {
      let digits = '';
      while (digits.length < width && HEX.test(this.peek() ?? '')) digits += this.next();
      if (digits.length !== width) this.fail(`incomplete escape \\${ch}${digits}`, start);
      const value = Number.parseInt(digits, 16);
      if (value > 0x10ffff) this.fail(`bad escape \\${ch}${digits}`, start);
      return value;
    }
    if (ch === 'N') {
      if (!this.eat('{')) this.fail('missing {');
      this.name('}', 'character name');
      this.unsupported('named characters (\\N{…}) are not supported by this action: write the character itself', start);
      return 0x3f;
    }
    return undefined;
  }

  private charClass(flags: Flags, start: number): string {
    const negate = this.eat('^');
    const positive: string[] = [];
    const negative: string[] = [];
    let count = 0;
    const item = (): { cp?: number; js?: string; cat?: ReturnType<Parser['category']>; text: string } => {
      const at = this.pos;
      const ch = this.next();
      if (ch === undefined) this.fail('unterminated character set', start);
      if (ch !== '\\') return { cp: ch.codePointAt(0)!, text: ch };
      const esc = this.next();
      if (esc === undefined) this.fail('unterminated character set', start);
      if ('dDwWsS'.includes(esc)) return { cat: this.category(esc, flags), text: `\\${esc}` };
      if (esc === 'b') return { cp: 8, text: '\\b' };
      const code = this.codeEscape(esc, at);
      if (code !== undefined) return { cp: code, text: `\\${esc}` };
      if (OCTAL.test(esc)) {
        let digits = esc;
        while (digits.length < 3 && OCTAL.test(this.peek() ?? '')) digits += this.next();
        const value = Number.parseInt(digits, 8);
        if (value > 0o377) this.fail(`octal escape value \\${digits} outside of range 0-0o377`, at);
        return { cp: value, text: `\\${digits}` };
      }
      const simple = SIMPLE_ESCAPES[esc];
      if (simple) return { cp: esc === '\\' ? 92 : { a: 7, f: 12, n: 10, r: 13, t: 9, v: 11 }[esc]!, text: `\\${esc}` };
      if (ASCII_LETTER.test(esc) || DIGITS.test(esc)) this.fail(`bad escape \\${esc}`, at);
      return { cp: esc.codePointAt(0)!, text: `\\${esc}` };
    };
    const add = (piece: ReturnType<typeof item>): void => {
      if (piece.cat) {
        if ('positive' in piece.cat) positive.push(piece.cat.positive);
        else negative.push(piece.cat.negative);
      } else positive.push(codePointJs(piece.cp!));
    };
    for (;;) {
      if (this.peek() === ']' && count > 0) {
        this.pos++;
        break;
      }
      const low = item();
      count++;
      if (this.peek() === '-' && this.pos + 1 < this.chars.length) {
        this.pos++;
        if (this.peek() === ']') {
          this.pos++;
          add(low);
          positive.push('\\-');
          break;
        }
        const high = item();
        if (low.cp === undefined || high.cp === undefined || high.cp < low.cp) {
          this.fail(`bad character range ${low.text}-${high.text}`, start);
        }
        positive.push(`${codePointJs(low.cp)}-${codePointJs(high.cp)}`);
        continue;
      }
      if (this.peek() === '-' && this.pos + 1 >= this.chars.length) this.fail('unterminated character set', start);
      add(low);
    }
    const parts = [...(positive.length ? [`[${positive.join('')}]`] : []), ...negative.map((set) => `[^${set}]`)];
    const union = parts.length === 1 ? parts[0]! : `(?:${parts.join('|')})`;
    if (!negate) return union;
    if (!negative.length) return `[^${positive.join('')}]`;
    return `(?:(?!${union})[\\s\\S])`;
  }

  private group(flags: Flags, depth: number, atStart: boolean, start: number): Piece | 'global-flags' | undefined {
    let inner = flags;
    let open = '(?:';
    let name: string | undefined;
    let capture = false;
    let lookaround: string | undefined;
    if (this.eat('?')) {
      const ch = this.next();
      if (ch === undefined) this.fail('unexpected end of pattern', start);
      if (ch === 'P') {
        if (this.eat('<')) {
          name = this.groupName('>');
          if (this.names.has(name)) this.fail(`redefinition of group name '${name}'`, start);
          open = `(?<${name}>`;
          capture = true;
        } else if (this.eat('=')) {
          const ref = this.groupName(')');
          const group = this.names.get(ref);
          if (group === undefined) this.fail(`unknown group name '${ref}'`, start);
          return this.backreference(group, `unknown group name '${ref}'`, start);
        } else {
          this.fail(`unknown extension ?P${this.peek() ?? ''}`, start);
        }
      } else if (ch === ':') {
        open = '(?:';
      } else if (ch === '#') {
        while (this.peek() !== ')') if (this.next() === undefined) this.fail('missing ), unterminated comment', start);
        this.pos++;
        return undefined;
      } else if (ch === '=' || ch === '!') {
        lookaround = `(?${ch}`;
      } else if (ch === '<') {
        const kind = this.next();
        if (kind !== '=' && kind !== '!') this.fail(`unknown extension ?<${kind ?? ''}`, start);
        lookaround = `(?<${kind}`;
      } else if (ch === '(') {
        return this.conditional(flags, depth, start);
      } else if (ch === '>') {
        this.unsupported('atomic groups (?>…) have no JavaScript form', start);
      } else if ('aiLmsux-'.includes(ch)) {
        const scoped = this.inlineFlags(ch, flags, start);
        if (scoped === 'global') {
          if (!atStart) this.fail('global flags not at the start of the expression', start);
          return 'global-flags';
        }
        inner = scoped;
      } else {
        this.fail(`unknown extension ?${ch}`, start);
      }
    } else {
      capture = true;
      open = '(';
    }
    const number = capture ? ++this.groups : 0;
    if (capture) this.open.add(number);
    if (name !== undefined) this.names.set(name, number);
    const body = this.alternation(inner, depth + 1);
    if (!this.eat(')')) this.fail('missing ), unterminated subpattern', start);
    if (capture) {
      this.open.delete(number);
      this.widths.set(number, [body.min, body.max]);
    }
    if (lookaround) {
      if (lookaround.startsWith('(?<') && body.min !== body.max) {
        this.fail('look-behind requires fixed-width pattern', start);
      }
      return { js: `${lookaround}${body.js})`, min: 0, max: 0, repeat: 'ok' };
    }
    return { js: `${open}${body.js})`, min: body.min, max: body.max, repeat: 'ok' };
  }

  /** `\\N` and `(?P=name)`: checked as Python checks them, then refused (JavaScript treats unset groups differently). */
  private backreference(group: number, invalid: string, start: number): Piece {
    if (group > this.groups) this.fail(invalid, start);
    if (this.open.has(group)) this.fail('cannot refer to an open group', start);
    this.unsupported('backreferences (\\1, (?P=name)) are not supported by this action', start);
    const [min, max] = this.widths.get(group) ?? [0, 0];
    return { js: '', min, max, repeat: 'ok' };
  }

  /** `(?(group)yes|no)`: validated like Python, then refused. */
  private conditional(flags: Flags, depth: number, start: number): Piece {
    const at = this.pos;
    const condition = this.name(')', 'group name');
    if (/^[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]*$/u.test(condition)) {
      if (!this.names.has(condition)) this.fail(`unknown group name '${condition}'`, at);
    } else if (!/^\d+$/.test(condition)) {
      this.fail(`bad character in group name '${condition}'`, at);
    } else if (Number(condition) === 0) {
      this.fail('bad group number', at);
    } else {
      this.forwardRefs.push({ group: Number(condition), at });
    }
    const yes = this.sequence(flags, depth + 1, false);
    let no: Piece = { js: '', min: 0, max: 0, repeat: 'ok' };
    if (this.eat('|')) {
      no = this.sequence(flags, depth + 1, false);
      if (this.peek() === '|') this.fail('conditional backref with more than two branches');
    }
    if (!this.eat(')')) this.fail('missing ), unterminated subpattern', start);
    this.unsupported('conditional groups (?(…)…|…) have no JavaScript form', start);
    return { js: '', min: Math.min(yes.min, no.min), max: Math.max(yes.max, no.max), repeat: 'ok' };
  }

  private name(terminator: string, what: string): string {
    const start = this.pos;
    let name = '';
    for (;;) {
      const ch = this.next();
      if (ch === undefined) this.fail(name ? `missing ${terminator}, unterminated name` : `missing ${what}`, start);
      if (ch === terminator) break;
      name += ch;
    }
    if (!name) this.fail(`missing ${what}`, start);
    return name;
  }

  private groupName(terminator: string): string {
    const start = this.pos;
    const name = this.name(terminator, 'group name');
    if (!/^[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]*$/u.test(name)) {
      this.fail(`bad character in group name '${name}'`, start);
    }
    return name;
  }

  /** `(?flags)` for the whole pattern, or `(?on-off:` for a group; returns the group's flags. */
  private inlineFlags(first: string, flags: Flags, start: number): Flags | 'global' {
    const on = new Set<string>();
    const off = new Set<string>();
    let ch: string | undefined = first;
    if (ch !== '-') {
      for (;;) {
        if (ch === 'L') this.fail("bad inline flags: cannot use 'L' flag with a str pattern", start);
        on.add(ch);
        if (on.has('a') && on.has('u')) this.fail("bad inline flags: flags 'a', 'u' and 'L' are incompatible", start);
        ch = this.next();
        if (ch === undefined) this.fail('missing -, : or )', start);
        if (ch === ')' || ch === '-' || ch === ':') break;
        if (!'aiLmsux'.includes(ch)) this.fail(/\p{L}/u.test(ch) ? 'unknown flag' : 'missing -, : or )', start);
      }
    }
    if (ch === ')') {
      this.applyGlobal(on, flags);
      return 'global';
    }
    if (ch === '-') {
      ch = this.next();
      if (ch === undefined || !'aiLmsux'.includes(ch))
        this.fail(ch === undefined ? 'missing flag' : 'unknown flag', start);
      for (;;) {
        if ('aLu'.includes(ch)) this.fail("bad inline flags: cannot turn off flags 'a', 'u' and 'L'", start);
        off.add(ch);
        ch = this.next();
        if (ch === undefined) this.fail('missing :', start);
        if (ch === ':') break;
        if (!'aiLmsux'.includes(ch)) this.fail(/\p{L}/u.test(ch) ? 'unknown flag' : 'missing :', start);
      }
    }
    for (const flag of on) if (off.has(flag)) this.fail('bad inline flags: flag turned on and off', start);
    if (on.has('i') || off.has('i')) {
      this.unsupported(
        'a case-insensitive flag on part of the pattern (?i:…) is not supported by this action: put (?i) at the start',
        start,
      );
    }
    const set = (flag: string, current: boolean): boolean => (on.has(flag) ? true : off.has(flag) ? false : current);
    return {
      multiline: set('m', flags.multiline),
      dotAll: set('s', flags.dotAll),
      verbose: set('x', flags.verbose),
      ascii: set('a', flags.ascii),
    };
  }

  private applyGlobal(on: Set<string>, flags: Flags): void {
    // Global flags only appear before anything else, so setting them here covers the whole pattern.
    if (on.has('u')) this.globalUnicode = true;
    if ((on.has('a') || flags.ascii) && this.globalUnicode) this.fail('ASCII and UNICODE flags are incompatible');
    if (on.has('i')) this.caseInsensitive = true;
    if (on.has('m')) flags.multiline = true;
    if (on.has('s')) flags.dotAll = true;
    if (on.has('x')) flags.verbose = true;
    if (on.has('a')) flags.ascii = true;
  }
}

/** Compiles a pattern as Python's `re.compile` would, or throws PythonRegexError saying why not. */
export function compilePythonRegex(pattern: string): PythonRegex {
  const { js, flags } = new Parser(pattern).compile();
  let regex: RegExp;
  try {
    regex = new RegExp(js, flags);
  } catch (error) {
    throw new PythonRegexError(`cannot be translated for JavaScript (${(error as Error).message})`, 'unsupported', 0);
  }
  return {
    source: pattern,
    regex,
    matchesStart(text: string): boolean {
      regex.lastIndex = 0;
      return regex.test(text);
    },
  };
}

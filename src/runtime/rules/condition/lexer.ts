// Token-level helpers for the condition parser: a cursor over the input with the token regexes of
// libs `userspace/libsinsp/filter/parser.cpp` (POSIX classes spelled out for JavaScript) and the
// quoted-string unescaping of `filter/escaping.cpp`.
import type { Pos } from './ast.js';

export class ConditionSyntaxError extends Error {
  readonly pos: Pos;
  constructor(message: string, pos: Pos) {
    super(message);
    this.name = 'ConditionSyntaxError';
    this.pos = pos;
  }
}

// [[:space:]] in POSIX is space, \t, \n, \v, \f, \r.
const RE = {
  notBlank: /not[ \t\n\v\f\r]+/y,
  identifier: /[a-zA-Z]+[a-zA-Z0-9_]*/y,
  fieldName: /[a-zA-Z]+[a-zA-Z0-9_]*(?:\.[a-zA-Z]+[a-zA-Z0-9_]*)+/y,
  fieldArgBare: /[^\]["' \t\n\v\f\r]+/y,
  hexNum: /0[xX][0-9a-fA-F]+/y,
  num: /[+-]?[0-9]+\.?[0-9]*(?:[eE][+-][0-9]+)?/y,
  bareStr: /[^()"' \t\n\v\f\r=,]+/y,
} as const;

export type TokenRegex = keyof typeof RE;

export class Cursor {
  readonly input: string;
  idx = 0;
  last = '';
  private readonly lineStarts: number[];

  constructor(input: string) {
    this.input = input;
    this.lineStarts = [0];
    for (let i = 0; i < input.length; i++) if (input.charCodeAt(i) === 10) this.lineStarts.push(i + 1);
  }

  pos(idx = this.idx): Pos {
    // Binary search for the line that holds idx.
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid]! <= idx) lo = mid;
      else hi = mid - 1;
    }
    return { idx, line: lo + 1, col: idx - this.lineStarts[lo]! + 1 };
  }

  fail(message: string, idx = this.idx): never {
    throw new ConditionSyntaxError(message, this.pos(idx));
  }

  atEnd(): boolean {
    return this.idx >= this.input.length;
  }

  peek(): string {
    return this.input[this.idx] ?? '';
  }

  /** Blanks as libs' lex_blank: space, tab, backspace, CR, LF. Does not touch `last`. */
  blank(): boolean {
    const start = this.idx;
    for (;;) {
      const c = this.input.charCodeAt(this.idx);
      if (c === 32 || c === 9 || c === 8 || c === 13 || c === 10) this.idx++;
      else break;
    }
    return this.idx > start;
  }

  str(s: string): boolean {
    if (this.input.startsWith(s, this.idx)) {
      this.last = s;
      this.idx += s.length;
      return true;
    }
    return false;
  }

  strList(list: readonly string[]): boolean {
    for (const s of list) if (this.str(s)) return true;
    return false;
  }

  /** Operators spelled with a trailing space need at least one blank after the word. */
  operator(list: readonly string[]): boolean {
    for (const op of list) {
      if (!op.endsWith(' ')) {
        if (this.str(op)) return true;
        continue;
      }
      const saved = this.idx;
      const savedLast = this.last;
      if (this.str(op.trimEnd())) {
        if (this.blank()) return true;
        this.idx = saved;
        this.last = savedLast;
      }
    }
    return false;
  }

  regex(name: TokenRegex): boolean {
    const re = RE[name];
    re.lastIndex = this.idx;
    const m = re.exec(this.input);
    if (!m || m[0].length === 0) return false;
    this.last = m[0];
    this.idx += m[0].length;
    return true;
  }

  /** True when an identifier could be lexed here, without consuming it. */
  identifierFollows(): boolean {
    const re = RE.identifier;
    re.lastIndex = this.idx;
    return re.test(this.input);
  }

  /**
   * A quoted string as libs' lex_quoted_str: ends at the first delimiter not preceded by a backslash
   * (a naive check, kept for compatibility), then unescaped. Unterminated → false, cursor unchanged.
   */
  quoted(): boolean {
    const delim = this.peek();
    if (delim !== '"' && delim !== "'") return false;
    const start = this.idx;
    let prev = '\\';
    for (let i = start; i < this.input.length; i++) {
      const c = this.input[i]!;
      if (c === delim && prev !== '\\' && i > start) {
        this.last = unescape(this.input.slice(start, i + 1), this.pos(start));
        this.idx = i + 1;
        return true;
      }
      prev = c;
    }
    return false;
  }
}

/** libs filter/escaping.cpp unescape_str: the input includes its quotes. */
export function unescape(quoted: string, pos: Pos): string {
  const q = quoted[0];
  let out = '';
  let escaped = false;
  for (let i = 1; i < quoted.length - 1; i++) {
    const c = quoted[i]!;
    if (!escaped) {
      if (c === '\\') escaped = true;
      else out += c;
      continue;
    }
    switch (c) {
      case 'b':
        out += '\b';
        break;
      case 'f':
        out += '\f';
        break;
      case 'n':
        out += '\n';
        break;
      case 'r':
        out += '\r';
        break;
      case 't':
        out += '\t';
        break;
      case ' ': // libs keeps `\ ` working for old rules, and it yields a backslash
      case '\\':
        out += '\\';
        break;
      case '/':
        out += '/';
        break;
      case '"':
      case "'":
        if (c !== q) throw new ConditionSyntaxError(`invalid \\${c} escape in ${q}-quoted string`, pos);
        out += c;
        break;
      case 'x': {
        const hex = quoted.slice(i + 1, i + 3);
        if (i + 2 >= quoted.length - 1)
          throw new ConditionSyntaxError('truncated hex char escape sequence', pos);
        if (!/^[0-9a-fA-F]{2}$/.test(hex)) {
          throw new ConditionSyntaxError(`invalid hex char escape sequence: ${hex}`, pos);
        }
        out += String.fromCharCode(parseInt(hex, 16));
        i += 2;
        break;
      }
      default:
        throw new ConditionSyntaxError(`unsupported string escape sequence: \\${c}`, pos);
    }
    escaped = false;
  }
  return out;
}

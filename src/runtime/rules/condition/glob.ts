// fnmatch(3) without flags (libs `sinsp_utils::glob_match`): `*` matches any run of characters
// including `/`, `?` one character, `[...]` a bracket expression (`!` or `^` negates, ranges, POSIX
// classes), and `\` quotes the next character. FNM_CASEFOLD for `iglob`.

const CLASSES: Record<string, string> = {
  alnum: 'a-zA-Z0-9',
  alpha: 'a-zA-Z',
  blank: ' \\t',
  cntrl: '\\x00-\\x1f\\x7f',
  digit: '0-9',
  graph: '\\x21-\\x7e',
  lower: 'a-z',
  print: '\\x20-\\x7e',
  punct: '!-\\/:-@\\[-`{-~',
  space: ' \\t\\n\\v\\f\\r',
  upper: 'A-Z',
  xdigit: '0-9A-Fa-f',
};

function escapeRe(c: string): string {
  return c.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
}

/** Compile a glob into an anchored RegExp (s flag so `*` also spans newlines, like fnmatch). */
export function globToRegExp(pattern: string, caseInsensitive = false): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*') {
      re += '.*';
    } else if (c === '?') {
      re += '.';
    } else if (c === '\\' && i + 1 < pattern.length) {
      re += escapeRe(pattern[++i]!);
    } else if (c === '[') {
      const end = bracketEnd(pattern, i);
      if (end < 0) {
        re += '\\[';
        continue;
      }
      re += bracket(pattern.slice(i + 1, end));
      i = end;
    } else {
      re += escapeRe(c);
    }
  }
  return new RegExp(`^${re}$`, caseInsensitive ? 'is' : 's');
}

/** Index of the `]` closing the bracket expression at `start`, or -1 when it is unterminated. */
function bracketEnd(p: string, start: number): number {
  let i = start + 1;
  if (p[i] === '!' || p[i] === '^') i++;
  if (p[i] === ']') i++; // a leading `]` is literal
  for (; i < p.length; i++) {
    if (p[i] === '[' && p[i + 1] === ':') {
      const close = p.indexOf(':]', i + 2);
      if (close > 0) {
        i = close + 1;
        continue;
      }
    }
    if (p[i] === ']') return i;
  }
  return -1;
}

function bracket(body: string): string {
  let neg = false;
  let i = 0;
  if (body[0] === '!' || body[0] === '^') {
    neg = true;
    i = 1;
  }
  let out = '';
  for (; i < body.length; i++) {
    const c = body[i]!;
    if (c === '[' && body[i + 1] === ':') {
      const close = body.indexOf(':]', i + 2);
      const cls = CLASSES[body.slice(i + 2, close)];
      if (close > 0 && cls) {
        out += cls;
        i = close + 1;
        continue;
      }
    }
    if (c === '\\' && i + 1 < body.length) {
      out += escapeRe(body[++i]!);
      continue;
    }
    out += c === '-' && i > (neg ? 1 : 0) && i < body.length - 1 ? '-' : escapeRe(c);
  }
  return `[${neg ? '^' : ''}${out}]`;
}

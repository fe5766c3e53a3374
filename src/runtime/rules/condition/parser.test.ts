import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { operandText, type Expr } from './ast.js';
import { ConditionSyntaxError } from './lexer.js';
import { parseCondition } from './parser.js';

/** A compact rendering of the AST to compare parse results. */
function show(e: Expr): string {
  switch (e.kind) {
    case 'and':
    case 'or':
      return `${e.kind}(${e.children.map(show).join(', ')})`;
    case 'not':
      return `not(${show(e.child)})`;
    case 'identifier':
      return `@${e.name}`;
    case 'unary':
      return `${operandText(e.left)} exists`;
    case 'const':
      return String(e.value);
    case 'binary': {
      const r = e.right;
      const right =
        r.kind === 'list'
          ? `[${r.values.map((v) => v.value).join('|')}]`
          : r.kind === 'identvalue'
            ? `@${r.name}`
            : r.kind === 'value'
              ? `'${r.value}'`
              : operandText(r);
      return `${operandText(e.left)} ${e.op}${e.mod ? ` ${e.mod}` : ''} ${right}`;
    }
  }
}

describe('condition parser', () => {
  it.each([
    ['proc.name=bash', "proc.name = 'bash'"],
    ['proc.name = bash', "proc.name = 'bash'"],
    ['proc.name == "ba sh"', "proc.name == 'ba sh'"],
    ["proc.name != 'a\\'b'", "proc.name != 'a'b'"],
    ['evt.type in (execve, execveat)', 'evt.type in [execve|execveat]'],
    ['evt.type in ()', 'evt.type in []'],
    ['evt.type in shell_binaries', 'evt.type in @shell_binaries'],
    ['a and b or c', 'or(and(@a, @b), @c)'],
    ['a or b and c', 'or(@a, and(@b, @c))'],
    ['not a and b', 'and(not(@a), @b)'],
    ['not not a', '@a'],
    ['not(a or b)', 'not(or(@a, @b))'],
    ['(a or b) and(c)', 'and(or(@a, @b), @c)'],
    ['proc.aname[2] = sshd', "proc.aname[2] = 'sshd'"],
    ['evt.arg.flags contains O_TRUNC', "evt.arg.flags contains 'O_TRUNC'"],
    ['evt.arg[0] startswith /etc', "evt.arg[0] startswith '/etc'"],
    ['jevt.value[/stage] in (k8s_audit_stages)', 'jevt.value[/stage] in [k8s_audit_stages]'],
    ['fd.name pmatch (/etc, /usr)', 'fd.name pmatch [/etc|/usr]'],
    ['proc.name startswith oneof (a, b)', 'proc.name startswith oneof [a|b]'],
    ['proc.name = anyof (a, b)', 'proc.name = anyof [a|b]'],
    ['proc.name != allof shells', 'proc.name != allof @shells'],
    ['proc.name = oneof and x', "and(proc.name = 'oneof', @x)"],
    ['tolower(proc.name) = bash', "tolower(proc.name) = 'bash'"],
    ['len(proc.args) > 10', "len(proc.args) > '10'"],
    ['toupper(basename(proc.exepath)) = BASH', "toupper(basename(proc.exepath)) = 'BASH'"],
    ['proc.name = val(proc.pname)', 'proc.name = val(proc.pname)'],
    ['proc.name = tolower(proc.pname)', 'proc.name = tolower(proc.pname)'],
    ['concat(proc.name, "-x") = bash-x', 'concat(proc.name, "-x") = \'bash-x\''],
    ['join(",", ka.req.pod.containers.image) = a', 'join(",", ka.req.pod.containers.image) = \'a\''],
    ['getopt(proc.argv, "c:")[c] = x', 'getopt(proc.argv, "c:")[c] = \'x\''],
    ['fd.name exists', 'fd.name exists'],
    ['proc.cmdline regex "^a.*b$"', "proc.cmdline regex '^a.*b$'"],
    ['fd.sport >= 0x10', "fd.sport >= '0x10'"],
    ['evt.buffer bcontains 6c73', "evt.buffer bcontains '6c73'"],
    ['proc.name iglob "BA*"', "proc.name iglob 'BA*'"],
    ['  a\n  and\tb  ', 'and(@a, @b)'],
  ])('%s', (input, expected) => {
    expect(show(parseCondition(input))).toBe(expected);
  });

  it.each([
    ['', 'filter input string is empty'],
    ['proc.name', 'expected a valid check operator'],
    ['proc.name =', 'expected a string value'],
    ['a and', "expected blank or '(' after 'and'"],
    ['a and ', "expected a '(' token, a field check, or an identifier"],
    ['(a', "expected a ')' token"],
    ['a b', "unexpected token after 'a', expecting 'or', 'and'"],
    ['a orb', "expected blank or '(' after 'or'"],
    ['proc.name in (a, b', "expected a ')' token"],
    ['proc.aname[2 = x', "expected a ']' token"],
    ['proc.name = "a\\q"', 'unsupported string escape sequence'],
    ['tolower(proc.name = x', "expected a ')' token closing the transformer"],
    ['proc.name = val(x)', "expected a field within 'val' transformer"],
  ])('rejects %j', (input, message) => {
    expect(() => parseCondition(input)).toThrow(ConditionSyntaxError);
    expect(() => parseCondition(input)).toThrow(message);
  });

  it('reports line and column of errors', () => {
    try {
      parseCondition('a and\n  b c');
      expect.unreachable();
    } catch (err) {
      expect((err as ConditionSyntaxError).pos).toMatchObject({ line: 2, col: 5 });
    }
  });

  it('caps recursion depth instead of overflowing the stack', () => {
    const deep = `${'('.repeat(5000)}a${')'.repeat(5000)}`;
    expect(() => parseCondition(deep)).toThrow(/exceeded max depth limit of 1000/);
    expect(() => parseCondition(`${'not '.repeat(100000)}a`)).not.toThrow();
    // Each parenthesis costs five levels (or, and, not, check, group), as in libs.
    expect(show(parseCondition(`${'('.repeat(150)}a${')'.repeat(150)}`))).toBe('@a');
  });

  it('limits the input size', () => {
    expect(() => parseCondition(`a${' or a'.repeat(10)}`, { maxLength: 20 })).toThrow(/limit is 20/);
  });

  it('never crashes or hangs on random input (property)', () => {
    const alphabet = fc.constantFrom(
      ...'abcdefnotrin.()[]"\'\\ =!<>,/*?0123456789x_\n\t'.split(''),
      ' and ',
      ' or ',
      'not ',
      'proc.name',
      ' in ',
      ' contains ',
      'tolower(',
      'val(',
      ' oneof ',
      'exists',
    );
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 80 }), (parts) => {
        const input = parts.join('');
        const start = performance.now();
        try {
          parseCondition(input);
        } catch (err) {
          if (!(err instanceof ConditionSyntaxError)) throw err;
        }
        expect(performance.now() - start).toBeLessThan(1000);
      }),
      { numRuns: 3000 },
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (input) => {
        try {
          parseCondition(input);
        } catch (err) {
          if (!(err instanceof ConditionSyntaxError)) throw err;
        }
      }),
      { numRuns: 3000 },
    );
  });
});

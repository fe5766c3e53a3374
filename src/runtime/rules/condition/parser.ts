// Recursive-descent parser for Falco conditions, following the grammar documented in libs
// `userspace/libsinsp/filter/parser.h` (Expr/OrExpr/AndExpr/NotExpr/Check, operators, modifiers,
// transformers, `val()`). Hand-written from the grammar; error messages follow libs' wording so that
// users can search them. Recursion is capped (libs uses 100 by default and Falco's loader 1000).
import type {
  Expr,
  FieldExpr,
  ListExpr,
  Modifier,
  Operand,
  RightValue,
  TransformerArg,
  TransformerExpr,
  ValueExpr,
} from './ast.js';
import { ConditionSyntaxError, Cursor } from './lexer.js';

export const UNARY_OPS = ['exists'] as const;
export const NUM_OPS = ['<=', '<', '>=', '>'] as const;
// A trailing space means "a blank must follow" (libs convention).
export const STR_OPS = [
  '==',
  '=',
  '!=',
  'glob ',
  'iglob ',
  'contains ',
  'icontains ',
  'bcontains ',
  'startswith ',
  'bstartswith ',
  'endswith ',
  'regex ',
] as const;
export const MODIFIERS = ['oneof ', 'anyof ', 'allof '] as const;
export const LIST_OPS = ['intersects', 'in', 'pmatch'] as const;
export const TRANSFORMERS = [
  'tolower(',
  'toupper(',
  'b64(',
  'basename(',
  'len(',
  'join(',
  'concat(',
  'getopt(',
] as const;

/** Every operator name, as Falco's `supported_operators()` lists them (for exception `comps`). */
export const ALL_OPERATORS: readonly string[] = [...UNARY_OPS, ...NUM_OPS, ...STR_OPS, ...LIST_OPS].map((o) =>
  o.trim(),
);

export interface ParseOptions {
  /** Maximum recursion depth (libs: 100 by default; Falco's rule loader: 1000). */
  maxDepth?: number;
  /** Maximum input length in characters. */
  maxLength?: number;
}

export const DEFAULT_MAX_DEPTH = 1000;
export const DEFAULT_MAX_LENGTH = 4 * 1024 * 1024;

export function parseCondition(input: string, opts: ParseOptions = {}): Expr {
  return new Parser(input, opts).parse();
}

/** Parse `field` or `transformer(...)` at the start of `input` (used by output formats). */
export function parseOperandPrefix(input: string): { operand: Operand; length: number } | null {
  const p = new Parser(input, { maxDepth: 100 });
  try {
    const operand = p.operand();
    return operand ? { operand, length: p.cur.idx } : null;
  } catch (err) {
    if (err instanceof ConditionSyntaxError) return null;
    throw err;
  }
}

class Parser {
  readonly cur: Cursor;
  private depth = 0;
  private readonly maxDepth: number;

  constructor(input: string, opts: ParseOptions) {
    const maxLength = opts.maxLength ?? DEFAULT_MAX_LENGTH;
    this.cur = new Cursor(input);
    if (input.length > maxLength) {
      this.cur.fail(`condition is ${input.length} characters long; the limit is ${maxLength}`, 0);
    }
    this.maxDepth = opts.maxDepth ?? DEFAULT_MAX_DEPTH;
  }

  private guard<T>(fn: () => T): T {
    if (++this.depth >= this.maxDepth) {
      this.depth--;
      this.cur.fail(`exceeded max depth limit of ${this.maxDepth}`);
    }
    try {
      return fn();
    } finally {
      this.depth--;
    }
  }

  parse(): Expr {
    if (this.cur.input.length === 0) this.cur.fail('filter input string is empty', 0);
    const res = this.or();
    if (!this.cur.atEnd()) {
      this.cur.fail(`unexpected token after '${this.cur.last}', expecting 'or', 'and'`);
    }
    return res;
  }

  /** `field[arg]` or `transformer(...)` at the cursor; null when neither starts here. */
  operand(): Operand | null {
    const c = this.cur;
    const pos = c.pos();
    if (c.regex('fieldName')) return this.fieldRemainder(c.last, pos);
    if (c.strList(TRANSFORMERS)) {
      c.blank();
      return this.transformerRemainder(c.last.slice(0, -1), pos);
    }
    return null;
  }

  private or(): Expr {
    return this.chain('or', () => this.and());
  }

  private and(): Expr {
    return this.chain('and', () => this.not());
  }

  /** `operand (op operand)*`, where `op(` may start an embedded parenthesised expression without a blank. */
  private chain(op: 'or' | 'and', operand: () => Expr): Expr {
    return this.guard(() => {
      const c = this.cur;
      const pos = c.pos();
      c.blank();
      const children = [operand()];
      c.blank();
      while (c.str(op)) {
        if (!c.blank()) {
          if (c.str('(')) children.push(this.embeddedRemainder());
          else c.fail(`expected blank or '(' after '${op}'`);
        } else {
          children.push(operand());
        }
        c.blank();
      }
      return children.length > 1 ? { kind: op, children, pos } : children[0]!;
    });
  }

  private not(): Expr {
    return this.guard(() => {
      const c = this.cur;
      const pos = c.pos();
      c.blank();
      let negate = false;
      while (c.regex('notBlank')) negate = !negate;
      let child: Expr;
      if (c.str('not(')) {
        negate = !negate;
        child = this.embeddedRemainder();
      } else {
        child = this.check();
      }
      return negate ? { kind: 'not', child, pos } : child;
    });
  }

  private embeddedRemainder(): Expr {
    return this.guard(() => {
      const c = this.cur;
      c.blank();
      const child = this.or();
      c.blank();
      if (!c.str(')')) c.fail("expected a ')' token");
      return child;
    });
  }

  private check(): Expr {
    return this.guard(() => {
      const c = this.cur;
      c.blank();
      const pos = c.pos();
      if (c.str('(')) return this.embeddedRemainder();
      if (c.regex('fieldName')) return this.condition(this.fieldRemainder(c.last, pos), pos);
      if (c.strList(TRANSFORMERS)) {
        c.blank();
        return this.condition(this.transformerRemainder(c.last.slice(0, -1), pos), pos);
      }
      if (c.regex('identifier')) return { kind: 'identifier', name: c.last, pos };
      return c.fail("expected a '(' token, a field check, or an identifier");
    });
  }

  private fieldRemainder(field: string, pos: FieldExpr['pos']): FieldExpr {
    return this.guard(() => {
      const arg = this.optionalFieldArg();
      return arg === undefined ? { kind: 'field', field, pos } : { kind: 'field', field, arg, pos };
    });
  }

  private optionalFieldArg(): string | undefined {
    const c = this.cur;
    if (!c.str('[')) return undefined;
    if (!c.quoted() && !c.regex('fieldArgBare')) {
      c.fail('expected a valid field argument: a quoted string or a bare string');
    }
    const arg = c.last;
    if (!c.str(']')) c.fail("expected a ']' token");
    return arg;
  }

  private transformerRemainder(name: string, pos: TransformerExpr['pos']): TransformerExpr {
    return this.guard(() => {
      const c = this.cur;
      c.blank();
      const args: TransformerArg[] = [];
      do {
        args.push(this.transformerArg());
        c.blank();
      } while (c.str(','));
      c.blank();
      if (!c.str(')')) c.fail("expected a ')' token closing the transformer");
      const arg = this.optionalFieldArg();
      return arg === undefined
        ? { kind: 'transformer', name, args, pos }
        : { kind: 'transformer', name, args, arg, pos };
    });
  }

  private transformerArg(): TransformerArg {
    return this.guard(() => {
      const c = this.cur;
      c.blank();
      const pos = c.pos();
      if (c.regex('hexNum') || c.regex('num')) return { kind: 'value', value: c.last, quoted: false, pos };
      if (c.quoted()) return { kind: 'value', value: c.last, quoted: true, pos };
      if (c.str('(')) return this.transformerList(pos);
      if (c.strList(TRANSFORMERS)) return this.transformerRemainder(c.last.slice(0, -1), pos);
      if (c.regex('fieldName')) return this.fieldRemainder(c.last, pos);
      return c.fail(
        'expected field transformer argument: field, transformer, quoted string, number, or transformer list',
      );
    });
  }

  private transformerList(pos: TransformerExpr['pos']): TransformerArg {
    const c = this.cur;
    const children: TransformerArg[] = [];
    c.blank();
    if (c.str(')')) return { kind: 'tlist', children, pos };
    children.push(this.transformerListArg());
    c.blank();
    while (c.str(',')) {
      c.blank();
      children.push(this.transformerListArg());
      c.blank();
    }
    if (!c.str(')')) c.fail("expected ')'");
    return { kind: 'tlist', children, pos };
  }

  private transformerListArg(): TransformerArg {
    const c = this.cur;
    const pos = c.pos();
    if (c.regex('fieldName')) return this.fieldRemainder(c.last, pos);
    if (c.strList(TRANSFORMERS)) {
      c.blank();
      return this.transformerRemainder(c.last.slice(0, -1), pos);
    }
    if (c.quoted()) return { kind: 'value', value: c.last, quoted: true, pos };
    if (c.regex('hexNum') || c.regex('num')) return { kind: 'value', value: c.last, quoted: false, pos };
    return c.fail('expected transformer list argument: field, transformer, quoted string, or number');
  }

  private condition(left: Operand, pos: FieldExpr['pos']): Expr {
    return this.guard(() => {
      const c = this.cur;
      c.blank();
      if (c.operator(UNARY_OPS)) return { kind: 'unary', left, op: 'exists', pos };
      c.blank();
      let op: string;
      let mod: Modifier | undefined;
      let right: RightValue;
      if (c.operator(NUM_OPS)) {
        op = c.last;
        right = this.numValueOrTransformer();
      } else if (c.operator(STR_OPS)) {
        op = c.last.trim();
        // Word operators consumed their blank already; symbol operators need one before a modifier.
        const hadBlank = /^[a-z]/.test(op) || c.blank();
        const saved = c.idx;
        const savedLast = c.last;
        if (hadBlank && c.operator(MODIFIERS) && this.listValueFollows() && !this.boolKeywordFollows()) {
          mod = c.last.trim() as Modifier;
          right = this.listValue();
        } else {
          c.idx = saved;
          c.last = savedLast;
          right = this.strValueOrTransformer(false);
        }
      } else if (c.operator(LIST_OPS)) {
        op = c.last;
        right = this.listValueOrTransformer();
      } else {
        return c.fail(
          `expected a valid check operator: one of ${ALL_OPERATORS.map((o) => `'${o}'`).join(', ')}`,
        );
      }
      return mod ? { kind: 'binary', left, op, mod, right, pos } : { kind: 'binary', left, op, right, pos };
    });
  }

  private listValueFollows(): boolean {
    return this.cur.peek() === '(' || this.cur.identifierFollows();
  }

  private boolKeywordFollows(): boolean {
    const rest = this.cur.input.slice(this.cur.idx, this.cur.idx + 4);
    return /^(and|or|not)(?![a-zA-Z0-9])/.test(rest);
  }

  private numValueOrTransformer(): RightValue {
    return this.guard(() => {
      const c = this.cur;
      c.blank();
      const pos = c.pos();
      const t = this.tryTransformerOrVal();
      if (t) return t;
      if (c.regex('hexNum') || c.regex('num')) return { kind: 'value', value: c.last, quoted: false, pos };
      return c.fail('expected a number value or a field with a valid transformer');
    });
  }

  private strValueOrTransformer(noTransformer: boolean): ValueExpr | TransformerExpr {
    return this.guard(() => {
      const c = this.cur;
      c.blank();
      const pos = c.pos();
      if (!noTransformer) {
        const t = this.tryTransformerOrVal();
        if (t) return t;
      }
      if (c.quoted()) return { kind: 'value', value: c.last, quoted: true, pos };
      if (c.regex('bareStr')) return { kind: 'value', value: c.last, quoted: false, pos };
      return c.fail(
        noTransformer
          ? 'expected a string value'
          : 'expected a string value or a field with a valid transformer',
      );
    });
  }

  private tryListExpr(): ListExpr | null {
    const c = this.cur;
    const pos = c.pos();
    if (!c.str('(')) return null;
    const values: ValueExpr[] = [];
    c.blank();
    let first: ValueExpr | TransformerExpr | null = null;
    const saved = c.idx;
    try {
      first = this.strValueOrTransformer(true);
    } catch (err) {
      if (!(err instanceof ConditionSyntaxError)) throw err;
      c.idx = saved;
    }
    if (first) {
      values.push(first as ValueExpr);
      c.blank();
      while (c.str(',')) {
        values.push(this.strValueOrTransformer(true) as ValueExpr);
        c.blank();
      }
    }
    if (!c.str(')')) c.fail("expected a ')' token");
    return { kind: 'list', values, pos };
  }

  private listValue(): RightValue {
    return this.guard(() => {
      const c = this.cur;
      c.blank();
      const pos = c.pos();
      const list = this.tryListExpr();
      if (list) return list;
      if (c.regex('identifier')) return { kind: 'identvalue', name: c.last, pos };
      return c.fail('expected a list or an identifier');
    });
  }

  private listValueOrTransformer(): RightValue {
    return this.guard(() => {
      const c = this.cur;
      c.blank();
      const pos = c.pos();
      const list = this.tryListExpr();
      if (list) return list;
      const t = this.tryTransformerOrVal();
      if (t) return t;
      if (c.regex('identifier')) return { kind: 'identvalue', name: c.last, pos };
      return c.fail('expected a list, an identifier, or a field with a valid transformer');
    });
  }

  private tryTransformerOrVal(): TransformerExpr | null {
    return this.guard(() => {
      const c = this.cur;
      c.blank();
      const pos = c.pos();
      if (c.str('val(')) {
        c.blank();
        const fpos = c.pos();
        if (!c.regex('fieldName')) c.fail("expected a field within 'val' transformer");
        const child = this.fieldRemainder(c.last, fpos);
        c.blank();
        if (!c.str(')')) c.fail("expected a ')' token closing the transformer");
        const arg = this.optionalFieldArg();
        const t: TransformerExpr = { kind: 'transformer', name: 'val', args: [child], pos };
        if (arg !== undefined) t.arg = arg;
        return t;
      }
      if (c.strList(TRANSFORMERS)) {
        c.blank();
        return this.transformerRemainder(c.last.slice(0, -1), pos);
      }
      return null;
    });
  }
}

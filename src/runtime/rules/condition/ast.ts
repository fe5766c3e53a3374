// The condition AST, shaped after libs `userspace/libsinsp/filter/ast.h`.
// Positions are offsets into the condition text (line/column are 1-based) so that errors can point at
// the exact token, as Falco's loader does.

export interface Pos {
  idx: number;
  line: number;
  col: number;
}

export type Modifier = 'oneof' | 'anyof' | 'allof';

export interface FieldExpr {
  kind: 'field';
  /** Field name, e.g. `proc.aname`. */
  field: string;
  /** Argument in brackets, e.g. `2` for `proc.aname[2]`; undefined when absent. */
  arg?: string;
  pos: Pos;
}

/** `tolower(x)`, `join(",", x)` …, and `val(x)` on the right-hand side. */
export interface TransformerExpr {
  kind: 'transformer';
  name: string;
  args: TransformerArg[];
  /** Optional index after the closing parenthesis, e.g. `getopt(proc.args, "c:")[c]`. */
  arg?: string;
  pos: Pos;
}

/** A literal value: a bare or quoted string, or a number token. */
export interface ValueExpr {
  kind: 'value';
  value: string;
  /** Quoted strings never name a list (Falco substitutes list names only where they stand bare). */
  quoted: boolean;
  pos: Pos;
}

/** `(a, b, c)` on the right of a list operator. */
export interface ListExpr {
  kind: 'list';
  values: ValueExpr[];
  pos: Pos;
}

/** `(a, b)` as a transformer argument: fields, transformers and literals. */
export interface TransformerListExpr {
  kind: 'tlist';
  children: TransformerArg[];
  pos: Pos;
}

export type TransformerArg = FieldExpr | TransformerExpr | ValueExpr | TransformerListExpr;

export type Operand = FieldExpr | TransformerExpr;

export type RightValue = ValueExpr | ListExpr | TransformerExpr | IdentifierValue;

/** An identifier on the right of a list operator: `in shell_binaries`. */
export interface IdentifierValue {
  kind: 'identvalue';
  name: string;
  pos: Pos;
}

export type Expr =
  | { kind: 'and'; children: Expr[]; pos: Pos }
  | { kind: 'or'; children: Expr[]; pos: Pos }
  | { kind: 'not'; child: Expr; pos: Pos }
  | { kind: 'identifier'; name: string; pos: Pos }
  | { kind: 'unary'; left: Operand; op: 'exists'; pos: Pos }
  | BinaryExpr
  /** Constant produced only by the compiler's own rewrites; never by the parser. */
  | { kind: 'const'; value: boolean; pos: Pos };

export interface BinaryExpr {
  kind: 'binary';
  left: Operand;
  op: string;
  mod?: Modifier;
  right: RightValue;
  pos: Pos;
}

/** Render a field or transformer back to text, as Falco names output_fields keys (`proc.aname[2]`). */
export function operandText(e: TransformerArg): string {
  switch (e.kind) {
    case 'field':
      return e.arg === undefined ? e.field : `${e.field}[${e.arg}]`;
    case 'value':
      return e.quoted ? JSON.stringify(e.value) : e.value;
    case 'tlist':
      return `(${e.children.map(operandText).join(', ')})`;
    case 'transformer': {
      const inner = `${e.name}(${e.args.map(operandText).join(', ')})`;
      return e.arg === undefined ? inner : `${inner}[${e.arg}]`;
    }
  }
}

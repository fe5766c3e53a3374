// Generates one JavaScript function per condition (after per-type specialisation), for the hot path.
// A tree of closures calls every check through the same few `and`/`or` closures, whose call sites
// V8 sees as megamorphic, so nothing is inlined; a generated function is straight-line code V8 can
// optimise as a whole. Same approach as ajv's compiled validators.
// Safety: no text from a rules file ever becomes code. Values, Sets and the fallback closures are
// passed in as constants (`k0`, `k1`, …) and referenced by index; only field-table keys (checked
// against a strict pattern) appear as string literals. Semantics: every check keeps its compiled
// closure (compile.ts/fused.ts) as the authority; the generated code inlines only the fast path of a
// fused check on a value that already has the field's type (exactly what fused.ts does first) and
// calls the closure for anything else.
import type { BinaryExpr, Expr, Operand } from './ast.js';
import { compileCondition, type Predicate } from './compile.js';
import { compileOperand, type CompiledOperand } from './operand.js';
import type { FieldSource, FieldType } from '../fields/types.js';
import { toBool, toNumber } from '../fields/values.js';

/** Above this size the closure tree is used instead (a safety valve for pathological rules). */
const MAX_CODE_CHARS = 256 * 1024;
const SAFE_KEY = /^[A-Za-z0-9_.]+$/;
/** `typeof` of an extracted value that needs no conversion, per field type. */
const TYPEOF: Partial<Record<FieldType, string>> = {
  string: 'string',
  buffer: 'string',
  number: 'number',
  bool: 'boolean',
};
const STRING_OPS: Record<string, string> = {
  '=': '===',
  '==': '===',
  '!=': '!==',
};
const STRING_METHODS: Record<string, string> = {
  startswith: 'startsWith',
  endswith: 'endsWith',
  contains: 'includes',
};
const NUMBER_OPS: Record<string, string> = {
  '=': '===',
  '==': '===',
  '!=': '!==',
  '<': '<',
  '<=': '<=',
  '>': '>',
  '>=': '>=',
};

export function generate<E>(ast: Expr, src: FieldSource<E>): Predicate<E> | undefined {
  const consts: unknown[] = [];
  const leaves = new Map<Expr, string>();
  const k = (v: unknown): string => {
    consts.push(v);
    return `k${consts.length - 1}`;
  };

  /** The closure for a check, shared by every place the same (macro) node appears. */
  const closure = (e: Expr): string => {
    let ref = leaves.get(e);
    if (ref === undefined) {
      ref = k(compileCondition(e, src).predicate);
      leaves.set(e, ref);
    }
    return ref;
  };

  const emit = (e: Expr): string => {
    switch (e.kind) {
      case 'and':
      case 'or':
        return `(${e.children.map(emit).join(e.kind === 'and' ? ' && ' : ' || ')})`;
      case 'not':
        return `!${emit(e.child)}`;
      case 'const':
        return e.value ? 'true' : 'false';
      case 'binary':
        return inline(e) ?? `${closure(e)}(m)`;
      case 'unary':
        return inlineExists(e) ?? `${closure(e)}(m)`;
      default:
        return `${closure(e)}(m)`;
    }
  };

  /** A plain field-map read (ResolvedField.direct), or undefined. */
  const directField = (o: Operand): CompiledOperand<E> | undefined => {
    if (o.kind !== 'field') return undefined;
    const left = compileOperand(o, src);
    const key = left.direct;
    if (key === undefined || left.info.anyOf || left.info.list || !SAFE_KEY.test(key)) return undefined;
    return left;
  };
  /**
   * What follows the fast path: without an alias fallback, a missing (undefined/null) value cannot be
   * extracted, which makes every fused comparison (and `exists`) false; anything else asks the closure.
   */
  const otherwise = (left: CompiledOperand<E>, e: Expr): string =>
    `${left.fallback === undefined ? 'v === undefined || v === null ? false : ' : ''}${closure(e)}(m)`;

  /** `field exists`: true for a value that already has the field's type (the extractor returns it). */
  const inlineExists = (e: Extract<Expr, { kind: 'unary' }>): string | undefined => {
    const left = directField(e.left);
    const want = left && TYPEOF[left.info.type];
    if (!left || !want || (left.fallback !== undefined && left.info.type !== 'string')) return undefined;
    return `(v = m[${JSON.stringify(left.direct)}], typeof v === '${want}' ? true : ${otherwise(left, e)})`;
  };

  /** The fast path of a fused check (fused.ts), or undefined when the check is not fused. */
  const inline = (e: BinaryExpr): string | undefined => {
    if (e.mod || e.right.kind === 'transformer') return undefined;
    const left = directField(e.left);
    if (!left) return undefined;
    const key = left.direct!;
    const r = e.right;
    const values =
      r.kind === 'list' ? r.values.map((v) => v.value) : [r.kind === 'identvalue' ? r.name : r.value];
    const single = r.kind !== 'list';
    const read = `(v = m[${JSON.stringify(key)}], `;
    const { type } = left.info;
    let fast: string | undefined;
    let want: string;
    if (type === 'string' || type === 'buffer') {
      want = 'string';
      if (e.op === 'in' || e.op === 'intersects') fast = `${k(new Set(values))}.has(v)`;
      else if (single && STRING_OPS[e.op]) fast = `v ${STRING_OPS[e.op]} ${k(values[0])}`;
      else if (single && STRING_METHODS[e.op]) fast = `v.${STRING_METHODS[e.op]}(${k(values[0])})`;
    } else if (type === 'number') {
      want = 'number';
      if (e.op === 'in' || e.op === 'intersects') fast = `${k(new Set(values.map(toNumber)))}.has(v)`;
      else if (single && NUMBER_OPS[e.op] && toNumber(values[0]) !== undefined)
        fast = `v ${NUMBER_OPS[e.op]} ${k(toNumber(values[0]))}`;
    } else if (type === 'bool') {
      want = 'boolean';
      const b = toBool(values[0]);
      if (single && (e.op === '=' || e.op === '==' || e.op === '!=') && b !== undefined)
        fast = `v ${e.op === '!=' ? '!==' : '==='} ${b ? 'true' : 'false'}`;
    } else return undefined;
    return fast === undefined
      ? undefined
      : `${read}typeof v === '${want}' ? ${fast} : ${otherwise(left, e)})`;
  };

  const body = emit(ast);
  if (body.length > MAX_CODE_CHARS) return undefined;
  const decls = consts.map((_, i) => `const k${i} = K[${i}];`).join('\n');
  try {
    const factory = new Function(
      'K',
      `"use strict";\n${decls}\nreturn function rule(m) {\n  let v;\n  return ${body};\n};`,
    );
    return factory(consts) as Predicate<E>;
  } catch {
    return undefined; // e.g. code generation disallowed (--disallow-code-generation-from-strings)
  }
}

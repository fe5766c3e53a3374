// Compiles a resolved condition AST into one closure tree, once per rule. Evaluation never re-parses:
// each check holds its extractor and a prebuilt test (Sets for `in`, RegExps for globs, a path trie for
// `pmatch`). A field that cannot be extracted makes its check false (libs compare_nocache), so
// `not (field in (...))` is true.
import type { BinaryExpr, Expr } from './ast.js';
import { ConditionSyntaxError } from './lexer.js';
import { allowedOps, buildTest, CompareError, setTest, type ScalarTest } from './compare.js';
import { fuse } from './fused.js';
import { compileOperand, type CompiledOperand } from './operand.js';
import type { FieldSource, Scalar } from '../fields/types.js';

export type Predicate<E> = (ev: E) => boolean;

export interface CompileResult<E> {
  predicate: Predicate<E>;
  /** Every field the condition reads (canonical names). */
  fields: Set<string>;
}

export function compileCondition<E>(ast: Expr, src: FieldSource<E>): CompileResult<E> {
  const fields = new Set<string>();
  // Macros are shared subtrees: compile each node once.
  const memo = new Map<Expr, Predicate<E>>();
  const compile = (e: Expr): Predicate<E> => {
    const hit = memo.get(e);
    if (hit) return hit;
    const p = compileNode(e);
    memo.set(e, p);
    return p;
  };

  const compileNode = (e: Expr): Predicate<E> => {
    switch (e.kind) {
      case 'and': {
        const cs = e.children.map(compile);
        if (cs.length === 2) {
          const [a, b] = cs as [Predicate<E>, Predicate<E>];
          return (ev) => a(ev) && b(ev);
        }
        return (ev) => {
          for (const c of cs) if (!c(ev)) return false;
          return true;
        };
      }
      case 'or': {
        const cs = e.children.map(compile);
        if (cs.length === 2) {
          const [a, b] = cs as [Predicate<E>, Predicate<E>];
          return (ev) => a(ev) || b(ev);
        }
        return (ev) => {
          for (const c of cs) if (c(ev)) return true;
          return false;
        };
      }
      case 'not': {
        const c = compile(e.child);
        return (ev) => !c(ev);
      }
      case 'const': {
        const v = e.value;
        return () => v;
      }
      case 'identifier':
        throw new ConditionSyntaxError(`Undefined macro '${e.name}' used in filter.`, e.pos);
      case 'unary': {
        const left = compileOperand(e.left, src);
        left.fields.forEach((f) => fields.add(f));
        const get = left.get;
        return (ev) => {
          const v = get(ev);
          return v !== undefined && !(Array.isArray(v) && v.length === 0);
        };
      }
      case 'binary':
        return compileBinary(e, src, fields);
    }
  };

  return { predicate: compile(ast), fields };
}

function compileBinary<E>(e: BinaryExpr, src: FieldSource<E>, fields: Set<string>): Predicate<E> {
  const left = compileOperand(e.left, src);
  left.fields.forEach((f) => fields.add(f));
  const { type, list, anyOf } = left.info;
  if (list && !['in', 'intersects'].includes(e.op)) {
    throw new ConditionSyntaxError(`'${e.op}' operator not supported list filters`, e.pos);
  }
  const wrap = (build: () => ScalarTest): ScalarTest => {
    try {
      return build();
    } catch (err) {
      if (err instanceof CompareError) throw new ConditionSyntaxError(err.message, e.right.pos);
      throw err;
    }
  };

  // Right-hand side from a field: `val(f)` or a transformer; the test is built per event.
  if (e.right.kind === 'transformer') {
    if (e.op === 'pmatch' || e.op === 'regex') {
      throw new ConditionSyntaxError(`operator '${e.op}' doesn't support right-hand side fields`, e.pos);
    }
    const right: CompiledOperand<E> = compileOperand(e.right, src);
    right.fields.forEach((f) => fields.add(f));
    if (!allowedOps(type).has(e.op)) {
      throw new ConditionSyntaxError(`'${e.op}' operator not supported for ${type} filters`, e.pos);
    }
    const getL = left.get;
    const getR = right.get;
    return (ev) => {
      const r = getR(ev);
      if (r === undefined) return false;
      const rv = (Array.isArray(r) ? r : [r]).map(String);
      if (rv.length === 0) return false;
      let test: ScalarTest;
      try {
        test =
          list || e.op === 'in' || e.op === 'intersects' || e.mod
            ? buildTest(type, list ? 'in' : e.op, e.mod, rv)
            : buildTest(type, e.op, e.mod, rv.slice(0, 1));
      } catch {
        return false;
      }
      return applyTest(getL(ev), test, list ? e.op : undefined, anyOf);
    };
  }

  const values =
    e.right.kind === 'list'
      ? e.right.values.map((v) => v.value)
      : e.right.kind === 'identvalue'
        ? [e.right.name]
        : [e.right.value];
  const get = left.get;
  if (list) {
    const member = wrap(() => setTest(type, values));
    if (e.op === 'in') {
      // Every extracted value must be in the set (libs compare_rhs for list fields).
      return (ev) => {
        const v = get(ev);
        if (v === undefined) return false;
        const arr = Array.isArray(v) ? v : [v];
        if (arr.length === 0) return false;
        for (const x of arr) if (!member(x)) return false;
        return true;
      };
    }
    return (ev) => {
      const v = get(ev);
      if (v === undefined) return false;
      const arr = Array.isArray(v) ? v : [v];
      for (const x of arr) if (member(x)) return true;
      return false;
    };
  }
  const test = wrap(() => buildTest(type, e.op, e.mod, values));
  if (left.direct !== undefined && !anyOf && !e.mod) {
    const fused = fuse(
      type,
      e.op,
      values,
      left.direct,
      left.fallback as ((m: Record<string, unknown>) => unknown) | undefined,
    );
    if (fused) return fused as unknown as Predicate<E>;
  }
  if (anyOf) {
    return (ev) => {
      const v = get(ev);
      if (v === undefined) return false;
      if (!Array.isArray(v)) return test(v);
      for (const x of v) if (test(x)) return true;
      return false;
    };
  }
  // Neither a list nor an ancestor field: extractors return a scalar or undefined.
  return (ev) => {
    const v = get(ev);
    return v !== undefined && test(v as Scalar);
  };
}

function applyTest(
  v: Scalar | Scalar[] | undefined,
  test: ScalarTest,
  listOp: string | undefined,
  anyOf: boolean,
): boolean {
  if (v === undefined) return false;
  if (!Array.isArray(v)) return test(v);
  if (v.length === 0) return false;
  if (listOp === 'in') return v.every(test);
  if (listOp !== undefined || anyOf) return v.some(test);
  return v.length === 1 && test(v[0]!);
}

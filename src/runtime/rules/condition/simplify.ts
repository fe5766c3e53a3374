// Compile-time simplification of a resolved condition, so events run fewer closures:
//   - `evt.num` invariants become constants (evt.num starts at 1 in libs, so `evt.num=0` — Falco's
//     `never_true` macro, used by every `user_known_*` tuning hook — is false; ppm_codes.cpp relies on
//     the same invariant for the event-type index);
//   - constants propagate through `and`/`or`/`not`;
//   - nested `and`/`or` (macro boundaries) flatten into one level, and `not not x` is `x`.
// The result is logically equivalent for every event that carries an `evt.num` ≥ 1 or none at all.
import type { BinaryExpr, Expr } from './ast.js';

function evtNumConstant(e: BinaryExpr): boolean | undefined {
  if (e.left.kind !== 'field' || e.left.field !== 'evt.num' || e.left.arg !== undefined) return undefined;
  const n = e.right.kind === 'value' && /^\d+$/.test(e.right.value) ? Number(e.right.value) : undefined;
  if (e.op === 'in' && e.right.kind === 'list') {
    return e.right.values.every((v) => v.value === '0') ? false : undefined;
  }
  if (n === undefined) return undefined;
  switch (e.op) {
    case '=':
    case '==':
      return n === 0 ? false : undefined;
    case '!=':
      return n === 0 ? true : undefined;
    case '<':
      return n <= 1 ? false : undefined;
    case '<=':
      return n === 0 ? false : undefined;
    case '>':
      return n === 0 ? true : undefined;
    case '>=':
      return n <= 1 ? true : undefined;
    default:
      return undefined;
  }
}

export function simplify(e: Expr, memo = new Map<Expr, Expr>()): Expr {
  const hit = memo.get(e);
  if (hit) return hit;
  const out = simplifyNode(e, memo);
  memo.set(e, out);
  return out;
}

function simplifyNode(e: Expr, memo: Map<Expr, Expr>): Expr {
  switch (e.kind) {
    case 'and':
    case 'or': {
      const absorbing = e.kind === 'or'; // true absorbs `or`, false absorbs `and`
      const children: Expr[] = [];
      for (const c0 of e.children) {
        const c = simplify(c0, memo);
        if (c.kind === 'const') {
          if (c.value === absorbing) return { kind: 'const', value: absorbing, pos: e.pos };
          continue; // neutral element
        }
        if (c.kind === e.kind) children.push(...c.children);
        else children.push(c);
      }
      if (children.length === 0) return { kind: 'const', value: !absorbing, pos: e.pos };
      if (children.length === 1) return children[0]!;
      return { kind: e.kind, children, pos: e.pos };
    }
    case 'not': {
      const c = simplify(e.child, memo);
      if (c.kind === 'const') return { kind: 'const', value: !c.value, pos: e.pos };
      if (c.kind === 'not') return c.child;
      return { kind: 'not', child: c, pos: e.pos };
    }
    case 'binary': {
      const v = evtNumConstant(e);
      return v === undefined ? e : { kind: 'const', value: v, pos: e.pos };
    }
    default:
      return e;
  }
}

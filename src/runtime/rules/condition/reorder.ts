// Reordering `and`/`or` children so that a condition fails (or succeeds) after as little work as
// possible. Conditions have no side effects and a check whose field cannot be extracted is just
// false, so the order of the children of `and`/`or` does not change the result, only the cost.
// Heuristic (no statistics of the event stream are needed):
//   - in an `and`, positive checks come before negated ones: Falco rules read "what to detect and not
//     exception1 and not exception2 …", and the positive part is what rejects ordinary events, while
//     the exceptions are mostly true;
//   - within each group, and in an `or`, cheaper children run first (estimated below); ties keep the
//     author's order, which usually has the most selective check first.
import type { Expr, Operand } from './ast.js';
import type { FieldSource } from '../fields/types.js';

/** Relative cost of reading an operand: a plain map key is cheapest. */
function operandCost(o: Operand, src: FieldSource<unknown>): number {
  if (o.kind !== 'field') return 8; // transformers build values per event
  const r = src.resolve(o.field, o.arg);
  if (typeof r === 'string') return 8;
  if (r.direct !== undefined) return 1;
  return r.info.anyOf || r.info.list ? 6 : 3;
}

const OP_COST: Record<string, number> = {
  contains: 1,
  startswith: 1,
  endswith: 1,
  bcontains: 1,
  bstartswith: 1,
  icontains: 4,
  glob: 3,
  iglob: 4,
  pmatch: 2,
  regex: 5,
};

export function reorder(e: Expr, src: FieldSource<unknown>, memo = new Map<Expr, Expr>()): Expr {
  const hit = memo.get(e);
  if (hit) return hit;
  const out = reorderNode(e, src, memo);
  memo.set(e, out);
  return out;
}

/** Estimated cost of evaluating `e` fully (an upper bound: `and`/`or` may stop early). */
export function cost(e: Expr, src: FieldSource<unknown>): number {
  switch (e.kind) {
    case 'and':
    case 'or':
      return e.children.reduce((s, c) => s + cost(c, src), 0);
    case 'not':
      return cost(e.child, src);
    case 'unary':
      return operandCost(e.left, src);
    case 'binary':
      return (
        operandCost(e.left, src) +
        (OP_COST[e.op] ?? 0) +
        (e.right.kind === 'transformer' ? 8 : 0) +
        (e.mod ? 2 : 0)
      );
    default:
      return 0;
  }
}

function reorderNode(e: Expr, src: FieldSource<unknown>, memo: Map<Expr, Expr>): Expr {
  switch (e.kind) {
    case 'and':
    case 'or': {
      const keyed = e.children.map((c, i) => {
        const child = reorder(c, src, memo);
        const negated = e.kind === 'and' && child.kind === 'not' ? 1 : 0;
        return { child, negated, cost: cost(child, src), i };
      });
      keyed.sort((a, b) => a.negated - b.negated || a.cost - b.cost || a.i - b.i);
      return { ...e, children: keyed.map((k) => k.child) };
    }
    case 'not':
      return { ...e, child: reorder(e.child, src, memo) };
    default:
      return e;
  }
}

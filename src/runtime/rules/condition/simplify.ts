// Compile-time simplification of a resolved condition, so events run fewer closures:
//   - `evt.num` invariants become constants (evt.num starts at 1 in libs, so `evt.num=0` — Falco's
//     `never_true` macro, used by every `user_known_*` tuning hook — is false; ppm_codes.cpp relies on
//     the same invariant for the event-type index);
//   - constants propagate through `and`/`or`/`not`;
//   - nested `and`/`or` (macro boundaries) flatten into one level, and `not not x` is `x`;
//   - optionally, for a known event type (the ruleset specialises each rule per `evt.type`, as its
//     candidates are already picked by type), `evt.type` checks become constants, which removes the
//     repeated `evt.type in (open, openat, openat2)` of every macro and whole branches for other types.
// The result is logically equivalent for every event that carries an `evt.num` ≥ 1 or none at all
// (and, when specialised, whose `evt.type` is that string).
import type { BinaryExpr, Expr } from './ast.js';

export interface SimplifyOptions {
  /** The event's `evt.type`, a string, when the result only ever runs on events of that type. */
  evtType?: string;
}

/**
 * `evt.type` checks decided by a known type: plain `=`, `!=` and `in` on the field itself (a string
 * read straight from the map, so the comparison is plain string equality, as fused.ts does it).
 */
function evtTypeConstant(e: BinaryExpr, type: string): boolean | undefined {
  if (e.left.kind !== 'field' || e.left.field !== 'evt.type' || e.left.arg !== undefined || e.mod)
    return undefined;
  const r = e.right;
  const names =
    r.kind === 'value'
      ? [r.value]
      : r.kind === 'identvalue'
        ? [r.name]
        : r.kind === 'list'
          ? r.values.map((v) => v.value)
          : undefined;
  if (names === undefined) return undefined;
  switch (e.op) {
    case '=':
    case '==':
      return r.kind !== 'list' ? names[0] === type : undefined;
    case '!=':
      return r.kind !== 'list' ? names[0] !== type : undefined;
    case 'in':
      return names.includes(type);
    default:
      return undefined;
  }
}

/**
 * Every event type named by an `evt.type`/`syscall.type` check: all other types specialise (and are
 * indexed, see evttypes.ts) identically, so callers need one specialisation for all of them.
 */
export function namedEventTypes(e: Expr, out = new Set<string>(), seen = new Set<Expr>()): Set<string> {
  if (seen.has(e)) return out;
  seen.add(e);
  if (e.kind === 'and' || e.kind === 'or') for (const c of e.children) namedEventTypes(c, out, seen);
  else if (e.kind === 'not') namedEventTypes(e.child, out, seen);
  else if (
    e.kind === 'binary' &&
    e.left.kind === 'field' &&
    (e.left.field === 'evt.type' || e.left.field === 'syscall.type')
  ) {
    const r = e.right;
    if (r.kind === 'value') out.add(r.value);
    else if (r.kind === 'identvalue') out.add(r.name);
    else if (r.kind === 'list') for (const v of r.values) out.add(v.value);
  }
  return out;
}

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

export function simplify(e: Expr, opts: SimplifyOptions = {}, memo = new Map<Expr, Expr>()): Expr {
  const hit = memo.get(e);
  if (hit) return hit;
  const out = simplifyNode(e, opts, memo);
  memo.set(e, out);
  return out;
}

function simplifyNode(e: Expr, opts: SimplifyOptions, memo: Map<Expr, Expr>): Expr {
  switch (e.kind) {
    case 'and':
    case 'or': {
      const absorbing = e.kind === 'or'; // true absorbs `or`, false absorbs `and`
      const children: Expr[] = [];
      for (const c0 of e.children) {
        const c = simplify(c0, opts, memo);
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
      const c = simplify(e.child, opts, memo);
      if (c.kind === 'const') return { kind: 'const', value: !c.value, pos: e.pos };
      if (c.kind === 'not') return c.child;
      return { kind: 'not', child: c, pos: e.pos };
    }
    case 'binary': {
      const v =
        evtNumConstant(e) ?? (opts.evtType !== undefined ? evtTypeConstant(e, opts.evtType) : undefined);
      return v === undefined ? e : { kind: 'const', value: v, pos: e.pos };
    }
    default:
      return e;
  }
}

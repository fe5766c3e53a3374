// Event types a condition can match, derived as libs `filter/ppm_codes.cpp` does: `and` intersects,
// `or` unites, `evt.type =/==/in` name the types and `!=` takes the complement; negations are pushed
// down to the leaves (De Morgan). Checks on other fields match every type, and `evt.num` invariants
// (`evt.num=0` is never true: the `never_true` macro) are resolved statically.
import type { BinaryExpr, Expr } from './ast.js';

/** Either an explicit set of types, or "every type except these". */
export type EventTypeSet =
  { all: false; only: ReadonlySet<string> } | { all: true; except: ReadonlySet<string> };

export const ALL_TYPES: EventTypeSet = { all: true, except: new Set() };
export const NO_TYPES: EventTypeSet = { all: false, only: new Set() };

export function complement(s: EventTypeSet): EventTypeSet {
  return s.all ? { all: false, only: s.except } : { all: true, except: s.only };
}

export function intersect(a: EventTypeSet, b: EventTypeSet): EventTypeSet {
  if (!a.all && !b.all) return { all: false, only: new Set([...a.only].filter((t) => b.only.has(t))) };
  if (a.all && b.all) return { all: true, except: new Set([...a.except, ...b.except]) };
  const [only, all] = a.all
    ? [b as { only: ReadonlySet<string> }, a]
    : [a as { only: ReadonlySet<string> }, b as { except: ReadonlySet<string> }];
  return { all: false, only: new Set([...only.only].filter((t) => !all.except.has(t))) };
}

export function union(a: EventTypeSet, b: EventTypeSet): EventTypeSet {
  return complement(intersect(complement(a), complement(b)));
}

export function hasType(s: EventTypeSet, t: string): boolean {
  return s.all ? !s.except.has(t) : s.only.has(t);
}

function isEvtType(e: BinaryExpr['left']): boolean {
  return e.kind === 'field' && (e.field === 'evt.type' || e.field === 'syscall.type') && e.arg === undefined;
}

/** evt.num starts at 1, so some comparisons are decided statically (ppm_codes.cpp evaluate_field_invariant). */
function evtNumInvariant(e: BinaryExpr): 'empty' | 'all' | undefined {
  if (e.left.kind !== 'field' || e.left.field !== 'evt.num' || e.left.arg !== undefined) return undefined;
  const asU64 = (v: string): number | undefined => (/^\d+$/.test(v) ? Number(v) : undefined);
  if (e.op === 'in') {
    if (e.right.kind !== 'list') return undefined;
    if (e.right.values.length === 0) return 'empty';
    return e.right.values.every((v) => asU64(v.value) === 0) ? 'empty' : undefined;
  }
  if (e.right.kind !== 'value') return undefined;
  const n = asU64(e.right.value);
  if (n === undefined) return undefined;
  switch (e.op) {
    case '=':
    case '==':
      return n === 0 ? 'empty' : undefined;
    case '!=':
      return n === 0 ? 'all' : undefined;
    case '<':
      return n <= 1 ? 'empty' : undefined;
    case '<=':
      return n === 0 ? 'empty' : undefined;
    case '>':
      return n === 0 ? 'all' : undefined;
    case '>=':
      return n <= 1 ? 'all' : undefined;
    default:
      return undefined;
  }
}

export function eventTypes(e: Expr, negated = false): EventTypeSet {
  switch (e.kind) {
    case 'and': {
      const sets = e.children.map((c) => eventTypes(c, negated));
      return sets.reduce(negated ? union : intersect);
    }
    case 'or': {
      const sets = e.children.map((c) => eventTypes(c, negated));
      return sets.reduce(negated ? intersect : union);
    }
    case 'not':
      return eventTypes(e.child, !negated);
    case 'const':
      return e.value !== negated ? ALL_TYPES : NO_TYPES;
    case 'unary':
      if (isEvtType(e.left)) return negated ? NO_TYPES : ALL_TYPES;
      return ALL_TYPES;
    case 'binary': {
      const inv = evtNumInvariant(e);
      if (inv) return (inv === 'all') !== negated ? ALL_TYPES : NO_TYPES;
      if (isEvtType(e.left) && ['=', '==', '!=', 'in'].includes(e.op) && !e.mod) {
        let names: string[] | undefined;
        if (e.right.kind === 'value') names = [e.right.value];
        else if (e.right.kind === 'list') names = e.right.values.map((v) => v.value);
        else if (e.right.kind === 'identvalue') names = [e.right.name];
        if (names) {
          let s: EventTypeSet = { all: false, only: new Set(names) };
          if (e.op === '!=') s = complement(s);
          return negated ? complement(s) : s;
        }
      }
      return ALL_TYPES;
    }
    case 'identifier':
      return ALL_TYPES;
  }
}

// Comparison of one extracted scalar against constant right-hand values, per field type, with the
// operator tables of libs `filter_compare.cpp` (which operators each type allows) and the modifier
// semantics of `sinsp_filtercheck.cpp` (oneof: exactly one element matches; anyof: at least one;
// allof: every element). Built once per check at compile time; the returned test runs per event.
import type { Modifier } from './ast.js';
import type { FieldType, Scalar } from '../fields/types.js';
import { toBool, toNumber } from '../fields/values.js';
import { globToRegExp } from './glob.js';
import { ipMatcher } from './ip.js';
import { PathPrefixSet } from './pmatch.js';

export type ScalarTest = (v: Scalar) => boolean;

export class CompareError extends Error {}

const STRING_OPS = new Set([
  '=',
  '==',
  '!=',
  '<',
  '<=',
  '>',
  '>=',
  'contains',
  'icontains',
  'bcontains',
  'startswith',
  'bstartswith',
  'endswith',
  'glob',
  'iglob',
  'regex',
  'in',
  'intersects',
  'pmatch',
]);
const NUMBER_OPS = new Set(['=', '==', '!=', '<', '<=', '>', '>=', 'in', 'intersects']);
const EQ_OPS = new Set(['=', '==', '!=', 'in', 'intersects']);
const LIST_VALUE_OPS = new Set(['in', 'intersects', 'pmatch']);

export function allowedOps(type: FieldType): Set<string> {
  switch (type) {
    case 'number':
      return NUMBER_OPS;
    case 'bool':
    case 'ipaddr':
    case 'ipnet':
      return EQ_OPS;
    default:
      return STRING_OPS;
  }
}

/** Decode the hex right-hand side of `bcontains`/`bstartswith` into a byte string. */
function hexBytes(s: string): string {
  if (!/^(?:[0-9a-fA-F]{2})+$/.test(s)) throw new CompareError(`'${s}' is not a valid hex byte string`);
  return Buffer.from(s, 'hex').toString('latin1');
}

function bytes(v: string): string {
  return Buffer.from(v, 'utf8').toString('latin1');
}

function single(values: readonly string[], op: string): string {
  if (values.length !== 1)
    throw new CompareError(`operator '${op}' takes a single value, got ${values.length}`);
  return values[0]!;
}

/** A test of one value against one right-hand element (used alone or under a modifier). */
function elementTest(type: FieldType, op: string, r: string): ScalarTest {
  if (type === 'number') {
    const n = toNumber(r);
    if (n === undefined) throw new CompareError(`'${r}' is not a number`);
    switch (op) {
      case '=':
      case '==':
      case 'in':
      case 'intersects':
        return (v) => v === n;
      case '!=':
        return (v) => v !== n;
      case '<':
        return (v) => (v as number) < n;
      case '<=':
        return (v) => (v as number) <= n;
      case '>':
        return (v) => (v as number) > n;
      case '>=':
        return (v) => (v as number) >= n;
    }
  }
  if (type === 'bool') {
    const b = toBool(r);
    if (b === undefined) throw new CompareError(`unrecognized boolean value '${r}'`);
    return op === '!=' ? (v) => v !== b : (v) => v === b;
  }
  if (type === 'ipaddr' || type === 'ipnet') {
    const m = ipMatcher([r]);
    if (typeof m === 'string') throw new CompareError(m);
    return op === '!=' ? (v) => !m.has(String(v)) : (v) => m.has(String(v));
  }
  switch (op) {
    case '=':
    case '==':
    case 'in':
    case 'intersects':
      return (v) => String(v) === r;
    case '!=':
      return (v) => String(v) !== r;
    case '<':
      return (v) => String(v) < r;
    case '<=':
      return (v) => String(v) <= r;
    case '>':
      return (v) => String(v) > r;
    case '>=':
      return (v) => String(v) >= r;
    case 'contains':
      return (v) => String(v).includes(r);
    case 'icontains': {
      const lr = r.toLowerCase();
      return (v) => String(v).toLowerCase().includes(lr);
    }
    case 'startswith':
      return (v) => String(v).startsWith(r);
    case 'endswith':
      return (v) => String(v).endsWith(r);
    case 'bcontains': {
      const b = hexBytes(r);
      return (v) => bytes(String(v)).includes(b);
    }
    case 'bstartswith': {
      const b = hexBytes(r);
      return (v) => bytes(String(v)).startsWith(b);
    }
    case 'glob':
    case 'iglob': {
      let re: RegExp;
      try {
        re = globToRegExp(r, op === 'iglob');
      } catch {
        throw new CompareError(`invalid glob pattern '${r}'`);
      }
      return (v) => re.test(String(v));
    }
    case 'regex': {
      let re: RegExp;
      try {
        // RE2 is matched with ANCHOR_BOTH in libs: the whole value must match.
        re = new RegExp(`^(?:${r})$`, 's');
      } catch (err) {
        throw new CompareError(`invalid regex pattern: ${(err as Error).message}`);
      }
      return (v) => re.test(String(v));
    }
    case 'pmatch': {
      const set = new PathPrefixSet([r]);
      return (v) => set.match(String(v));
    }
  }
  throw new CompareError(`'${op}' operator not supported for ${type} fields`);
}

/**
 * Build the test for `field <op> [mod] values`. `values` are the right-hand literals (one for scalar
 * operators, any number for list operators and modifiers).
 */
export function buildTest(
  type: FieldType,
  op: string,
  mod: Modifier | undefined,
  values: readonly string[],
): ScalarTest {
  if (!allowedOps(type).has(op)) {
    throw new CompareError(`'${op}' operator not supported for ${type === 'dyn' ? 'string' : type} filters`);
  }
  if (mod) {
    if (values.length === 0) return () => false;
    const tests = values.map((r) => elementTest(type, op, r));
    if (mod === 'anyof') {
      if (op === '=' || op === '==') return setTest(type, values);
      return (v) => tests.some((t) => t(v));
    }
    if (mod === 'allof') {
      if (op === '!=') {
        const inSet = setTest(type, values);
        return (v) => !inSet(v);
      }
      return (v) => tests.every((t) => t(v));
    }
    return (v) => {
      let n = 0;
      for (const t of tests) if (t(v) && ++n > 1) return false;
      return n === 1;
    };
  }
  if (LIST_VALUE_OPS.has(op)) {
    if (op === 'pmatch') {
      const set = new PathPrefixSet(values);
      return (v) => set.match(String(v));
    }
    return setTest(type, values);
  }
  return elementTest(type, op, single(values, op));
}

/** Membership in a set of literals, typed. */
export function setTest(type: FieldType, values: readonly string[]): ScalarTest {
  if (type === 'number') {
    const s = new Set<number>();
    for (const r of values) {
      const n = toNumber(r);
      if (n === undefined) throw new CompareError(`'${r}' is not a number`);
      s.add(n);
    }
    return (v) => s.has(v as number);
  }
  if (type === 'bool') {
    const s = new Set<boolean>();
    for (const r of values) {
      const b = toBool(r);
      if (b === undefined) throw new CompareError(`unrecognized boolean value '${r}'`);
      s.add(b);
    }
    return (v) => s.has(v as boolean);
  }
  if (type === 'ipaddr' || type === 'ipnet') {
    const m = ipMatcher(values);
    if (typeof m === 'string') throw new CompareError(m);
    return (v) => m.has(String(v));
  }
  const s = new Set(values);
  return (v) => s.has(typeof v === 'string' ? v : String(v));
}

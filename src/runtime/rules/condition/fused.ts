// Fused checks for the hot path: when a check reads a plain field-map key (ResolvedField.direct) and
// uses a common operator, extraction and comparison become one closure instead of three calls. Same
// semantics as compare.ts (which has already validated the operator and values); anything else falls
// back to the generic extractor + test.
import type { FieldType } from '../fields/types.js';
import { coerce, toNumber, toBool } from '../fields/values.js';
import { globToRegExp } from './glob.js';
import { PathPrefixSet } from './pmatch.js';

type Map = Record<string, unknown>;
export type FusedPredicate = (m: Map) => boolean;

function asString(v: unknown): string | undefined {
  return v === undefined || v === null ? undefined : (coerce('string', v) as string | undefined);
}

/**
 * `key` is read inline (the fast path); `fallback` supplies the raw value when the key is absent (alias
 * fields such as `proc.pname` ≡ `proc.aname[1]`).
 */
export function fuse(
  type: FieldType,
  op: string,
  values: readonly string[],
  key: string,
  fallback?: (m: Map) => unknown,
): FusedPredicate | undefined {
  const raw = (m: Map, v: unknown): unknown =>
    fallback && (v === undefined || v === null) ? fallback(m) : v;
  const slowStr = (m: Map, v: unknown): string | undefined => asString(raw(m, v));
  const stringCheck =
    (test: (s: string) => boolean): FusedPredicate =>
    (m) => {
      const v = m[key];
      if (typeof v === 'string') return test(v);
      const s = slowStr(m, v);
      return s !== undefined && test(s);
    };
  if (type === 'string' || type === 'buffer') {
    const r = values[0]!;
    switch (op) {
      case '=':
      case '==':
        return (m) => {
          const v = m[key];
          return typeof v === 'string' ? v === r : slowStr(m, v) === r;
        };
      case '!=':
        return (m) => {
          const v = m[key];
          if (typeof v === 'string') return v !== r;
          const s = slowStr(m, v);
          return s !== undefined && s !== r;
        };
      case 'in':
      case 'intersects': {
        const set = new Set(values);
        return (m) => {
          const v = m[key];
          if (typeof v === 'string') return set.has(v);
          const s = slowStr(m, v);
          return s !== undefined && set.has(s);
        };
      }
      case 'startswith':
        return stringCheck((s) => s.startsWith(r));
      case 'endswith':
        return stringCheck((s) => s.endsWith(r));
      case 'contains':
        return stringCheck((s) => s.includes(r));
      case 'pmatch': {
        const set = new PathPrefixSet(values);
        return stringCheck((s) => set.match(s));
      }
      case 'glob': {
        const re = globToRegExp(r);
        return stringCheck((s) => re.test(s));
      }
      default:
        return undefined;
    }
  }
  if (type === 'bool' && (op === '=' || op === '==' || op === '!=')) {
    const b = toBool(values[0]);
    if (b === undefined) return undefined;
    const eq = op !== '!=';
    return (m) => {
      const v = m[key];
      const x = typeof v === 'boolean' ? v : toBool(raw(m, v));
      return x !== undefined && (x === b) === eq;
    };
  }
  if (type === 'number') {
    const num = (m: Map): number | undefined => {
      const v = m[key];
      if (typeof v === 'number') return v;
      const x = raw(m, v);
      return x === undefined || x === null ? undefined : toNumber(x);
    };
    if (op === 'in' || op === 'intersects') {
      const set = new Set(values.map((x) => toNumber(x)));
      return (m) => {
        const n = num(m);
        return n !== undefined && set.has(n);
      };
    }
    const r = toNumber(values[0]);
    if (r === undefined) return undefined;
    switch (op) {
      case '=':
      case '==':
        return (m) => num(m) === r;
      case '!=':
        return (m) => {
          const n = num(m);
          return n !== undefined && n !== r;
        };
      case '<':
        return (m) => {
          const n = num(m);
          return n !== undefined && n < r;
        };
      case '<=':
        return (m) => {
          const n = num(m);
          return n !== undefined && n <= r;
        };
      case '>':
        return (m) => {
          const n = num(m);
          return n !== undefined && n > r;
        };
      case '>=':
        return (m) => {
          const n = num(m);
          return n !== undefined && n >= r;
        };
    }
  }
  return undefined;
}

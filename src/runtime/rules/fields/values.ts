// Normalising raw JSON values from field maps and audit events into the typed scalars the
// comparisons expect. Used by every field source.
import type { FieldType, Scalar } from './types.js';

const NUMERIC = /^[+-]?(?:0[xX][0-9a-fA-F]+|[0-9]+\.?[0-9]*(?:[eE][+-]?[0-9]+)?)$/;

export function toNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'string') {
    const s = v.trim();
    if (!NUMERIC.test(s)) return undefined;
    if (/^[+-]?0[xX]/.test(s)) {
      const neg = s.startsWith('-');
      const n = parseInt(s.replace(/^[+-]/, ''), 16);
      return neg ? -n : n;
    }
    return Number(s);
  }
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'bigint') return Number(v);
  return undefined;
}

export function toBool(v: unknown): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0;
  if (typeof v === 'string') {
    const s = v.trim().toLowerCase();
    if (s === 'true') return true;
    if (s === 'false') return false;
    const n = toNumber(s);
    return n === undefined ? undefined : n !== 0;
  }
  return undefined;
}

export function toStr(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  if (Array.isArray(v)) return v.map((x) => toStr(x) ?? '').join(' ');
  if (v !== null && typeof v === 'object') return JSON.stringify(v);
  return undefined;
}

/** Convert one raw value to the field's type; undefined when it cannot be represented. */
export function coerce(type: FieldType, v: unknown): Scalar | undefined {
  if (v === undefined || v === null) return undefined;
  switch (type) {
    case 'number':
      return toNumber(v);
    case 'bool':
      return toBool(v);
    case 'dyn':
      return typeof v === 'number' ? v : toStr(v);
    default:
      return toStr(v);
  }
}

/** Coerce a list; empty or missing lists are "not available", as for plugin fields in libs. */
export function coerceList(type: FieldType, v: unknown): Scalar[] | undefined {
  if (v === undefined || v === null) return undefined;
  const arr = Array.isArray(v) ? v : [v];
  if (arr.length === 0) return undefined;
  // Already typed (the usual case): no copy.
  const want = type === 'number' ? 'number' : type === 'bool' ? 'boolean' : type === 'dyn' ? '' : 'string';
  if (want && arr.every((x) => typeof x === want)) return arr as Scalar[];
  const out: Scalar[] = [];
  for (const x of arr) {
    const c = coerce(type, x);
    if (c !== undefined) out.push(c);
  }
  return out.length ? out : undefined;
}

/** How a value prints in an output string (libs tostring): lists as `(a,b)`. */
export function formatValue(v: Scalar | Scalar[] | undefined): string | undefined {
  if (v === undefined) return undefined;
  if (Array.isArray(v)) return `(${v.map((x) => String(x)).join(',')})`;
  return String(v);
}

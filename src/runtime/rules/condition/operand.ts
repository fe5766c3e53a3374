// Compiling the left/right operands of a check: fields (through the event source) and the libs field
// transformers tolower, toupper, b64, basename, len, join, concat, getopt (sinsp_filter_transformers/*,
// sinsp_filtercheck_multivalue_transformer.cpp), plus `val()` on the right-hand side.
import { operandText, type TransformerArg } from './ast.js';
import { ConditionSyntaxError } from './lexer.js';
import type { FieldInfo, FieldSource, FieldType, Scalar } from '../fields/types.js';

export type Value = Scalar | Scalar[] | undefined;

export interface CompiledOperand<E> {
  info: FieldInfo;
  /** Field names this operand reads (for output_fields and diagnostics). */
  fields: string[];
  get(ev: E): Value;
  /** The field-map key when the operand is a plain field read (see ResolvedField.direct). */
  direct?: string;
  fallback?: (ev: E) => unknown;
}

const STRINGISH: ReadonlySet<FieldType> = new Set(['string', 'buffer', 'dyn', 'ipaddr', 'ipnet']);

function mapEach(v: Value, f: (s: Scalar) => Scalar | undefined): Value {
  if (v === undefined) return undefined;
  if (Array.isArray(v)) {
    const out: Scalar[] = [];
    for (const x of v) {
      const y = f(x);
      if (y !== undefined) out.push(y);
    }
    return out;
  }
  return f(v);
}

function b64decode(s: string): string | undefined {
  // libs decodes without requiring padding; reject anything outside the alphabet.
  const t = s.replace(/=+$/, '');
  if (!/^[A-Za-z0-9+/]*$/.test(t) || t.length % 4 === 1) return undefined;
  return Buffer.from(t, 'base64').toString('latin1');
}

export function compileOperand<E>(e: TransformerArg, src: FieldSource<E>): CompiledOperand<E> {
  switch (e.kind) {
    case 'field': {
      const r = src.resolve(e.field, e.arg);
      if (typeof r === 'string') throw new ConditionSyntaxError(r, e.pos);
      const op: CompiledOperand<E> = { info: r.info, fields: [r.info.name], get: r.extract };
      if (r.direct !== undefined) op.direct = r.direct;
      if (r.fallback !== undefined) op.fallback = r.fallback;
      return op;
    }
    case 'value': {
      const value = e.value;
      return {
        info: { name: operandText(e), type: 'string', list: false, anyOf: false },
        fields: [],
        get: () => value,
      };
    }
    case 'tlist': {
      const parts = e.children.map((c) => compileOperand(c, src));
      return {
        info: { name: operandText(e), type: 'string', list: true, anyOf: false },
        fields: parts.flatMap((p) => p.fields),
        get: (ev) => {
          const out: Scalar[] = [];
          for (const p of parts) {
            const v = p.get(ev);
            if (v === undefined) continue;
            if (Array.isArray(v)) out.push(...v);
            else out.push(v);
          }
          return out;
        },
      };
    }
    case 'transformer':
      return compileTransformer(e, src);
  }
}

function compileTransformer<E>(
  e: Extract<TransformerArg, { kind: 'transformer' }>,
  src: FieldSource<E>,
): CompiledOperand<E> {
  const fail = (msg: string): never => {
    throw new ConditionSyntaxError(msg, e.pos);
  };
  const args = e.args.map((a) => compileOperand(a, src));
  // Ancestor fields without an index cannot be transformed (libs EPF_NO_TRANSFORMER).
  for (const a of args) {
    if (a.info.anyOf && e.name !== 'val') fail(`field '${a.info.name}' does not support transformers`);
  }
  const name = operandText(e);
  const fields = args.flatMap((a) => a.fields);
  const one = (): CompiledOperand<E> => {
    if (args.length !== 1) fail(`transformer '${e.name}' takes exactly one argument`);
    return args[0]!;
  };
  if (e.arg !== undefined && e.name !== 'getopt' && e.name !== 'val')
    fail(`transformer '${e.name}' does not support field arguments`);
  switch (e.name) {
    case 'val': {
      const a = one();
      return { ...a, info: { ...a.info, name } };
    }
    case 'tolower':
    case 'toupper':
    case 'basename':
    case 'b64': {
      const a = one();
      if (!STRINGISH.has(a.info.type))
        fail(`field '${a.info.name}' type is not compatible with transformer '${e.name}'`);
      const f: (s: Scalar) => Scalar | undefined =
        e.name === 'tolower'
          ? (s) => String(s).toLowerCase()
          : e.name === 'toupper'
            ? (s) => String(s).toUpperCase()
            : e.name === 'basename'
              ? (s) => {
                  const str = String(s);
                  return str.slice(str.lastIndexOf('/') + 1);
                }
              : (s) => b64decode(String(s));
      return { info: { ...a.info, name }, fields, get: (ev) => mapEach(a.get(ev), f) };
    }
    case 'len': {
      const a = one();
      if (!a.info.list && !STRINGISH.has(a.info.type))
        fail(`field '${a.info.name}' type is not compatible with transformer 'len'`);
      const info: FieldInfo = { name, type: 'number', list: false, anyOf: a.info.anyOf };
      if (a.info.list) {
        return {
          info,
          fields,
          get: (ev) => {
            const v = a.get(ev);
            return v === undefined ? undefined : Array.isArray(v) ? v.length : 1;
          },
        };
      }
      return {
        info,
        fields,
        get: (ev) =>
          mapEach(a.get(ev), (s) =>
            Buffer.byteLength(String(s), a.info.type === 'buffer' ? 'latin1' : 'utf8'),
          ),
      };
    }
    case 'join': {
      if (args.length !== 2) fail('join() requires exactly 2 arguments: separator and list');
      const [sep, list] = args as [CompiledOperand<E>, CompiledOperand<E>];
      if (sep.info.list) fail('join() first argument (separator) must be a single value, not a list');
      if (!list.info.list) fail('join() second argument must be a list');
      return {
        info: { name, type: 'string', list: false, anyOf: false },
        fields,
        get: (ev) => {
          const s = sep.get(ev);
          const l = list.get(ev);
          if (s === undefined || l === undefined) return undefined;
          return (Array.isArray(l) ? l : [l]).map(String).join(String(s));
        },
      };
    }
    case 'concat': {
      if (args.length < 2) fail('concat() requires at least 2 arguments');
      if (args.some((a) => a.info.list)) fail('concat() arguments must be strings');
      return {
        info: { name, type: 'string', list: false, anyOf: false },
        fields,
        get: (ev) => {
          let out = '';
          for (const a of args) {
            const v = a.get(ev);
            if (v === undefined || Array.isArray(v)) return undefined;
            out += String(v);
          }
          return out;
        },
      };
    }
    case 'getopt':
      return compileGetopt(e.arg, args, name, fields, fail);
  }
  return fail(`unknown transformer '${e.name}'`);
}

/** Parse an optstring like `ab:c` (a leading `:` only changes error reporting in getopt(3)). */
function parseOptstring(s: string): { valid: Set<string>; withArg: Set<string> } {
  const valid = new Set<string>();
  const withArg = new Set<string>();
  for (let i = s.startsWith(':') ? 1 : 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === ':') continue;
    valid.add(c);
    if (s[i + 1] === ':') {
      withArg.add(c);
      i++;
    }
  }
  return { valid, withArg };
}

/**
 * getopt(args, optstring): POSIX short-option parsing over an argument list. Without a selector it
 * yields option names and their arguments in order (`?` for unknown options); with `[c]` it yields the
 * argument of option c (or `c` itself for a flag), and is unavailable when c is absent.
 */
function compileGetopt<E>(
  selector: string | undefined,
  args: CompiledOperand<E>[],
  name: string,
  fields: string[],
  fail: (m: string) => never,
): CompiledOperand<E> {
  if (args.length !== 2) fail('getopt() requires exactly 2 arguments: args list and optstring');
  const [list, optArg] = args as [CompiledOperand<E>, CompiledOperand<E>];
  if (!list.info.list) fail('getopt() first argument must be a list');
  if (optArg.info.list) fail('getopt() second argument (optstring) must be a single value');
  if (selector !== undefined && selector.length !== 1)
    fail('getopt() field argument must be a single option character');
  return {
    info: { name, type: 'string', list: selector === undefined, anyOf: false },
    fields,
    get: (ev) => {
      const os = optArg.get(ev);
      const argv = list.get(ev);
      if (os === undefined || argv === undefined) return undefined;
      const { valid, withArg } = parseOptstring(String(os));
      const values = (Array.isArray(argv) ? argv : [argv]).map(String);
      const out: string[] = [];
      let selected: string | undefined;
      outer: for (let ai = 0; ai < values.length; ai++) {
        const a = values[ai]!;
        if (a === '--') break;
        if (a.length > 2 && a.startsWith('--')) continue;
        if (a.length <= 1 || a[0] !== '-') break;
        for (let i = 1; i < a.length; i++) {
          const opt = a[i]!;
          if (opt === ':' || !valid.has(opt)) {
            if (selector === undefined) out.push('?');
            continue;
          }
          const match = selector === undefined || opt === selector;
          if (!withArg.has(opt)) {
            if (match) {
              if (selector === undefined) out.push(opt);
              else selected = opt;
            }
            continue;
          }
          let value: string | undefined;
          if (i + 1 < a.length) value = a.slice(i + 1);
          else if (ai + 1 < values.length) value = values[++ai];
          if (value === undefined) {
            // A missing option argument yields an empty result, as libs' getopt transformer does.
            if (match) {
              if (selector === undefined) out.push('');
              else selected = '';
            }
            break outer;
          }
          if (match) {
            if (selector === undefined) out.push(opt, value);
            else selected = value;
          }
          continue outer;
        }
      }
      if (selector !== undefined) return selected;
      return out;
    },
  };
}

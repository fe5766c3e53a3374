// Rule output strings, as libs `eventformatter.cpp` parses and renders them: `%field`, `%Nfield`
// (padded or cut to N characters), transformers inside (`%tolower(proc.name)`), a leading `*` (Falco
// always renders as if present), and `<NA>` for values that cannot be extracted. Compiled once per rule.
import { parseOperandPrefix } from './condition/parser.js';
import { compileOperand, type CompiledOperand, type Value } from './condition/operand.js';
import { ConditionSyntaxError } from './condition/lexer.js';
import type { FieldSource, Scalar } from './fields/types.js';
import { formatValue } from './fields/values.js';

export const NA = '<NA>';

type Token<E> = string | { width: number; name: string; op: CompiledOperand<E> };

export interface CompiledFormat<E> {
  tokens: Token<E>[];
  /** Fields in order of first appearance (output_fields keys). */
  fields: { name: string; op: CompiledOperand<E> }[];
}

export type JsonFieldValue = string | number | boolean | null | Scalar[];

export function compileFormat<E>(format: string, src: FieldSource<E>): CompiledFormat<E> {
  const fmt = format.startsWith('*') ? format.slice(1) : format;
  const tokens: Token<E>[] = [];
  const fields = new Map<string, CompiledOperand<E>>();
  let text = '';
  for (let j = 0; j < fmt.length; j++) {
    if (fmt[j] !== '%') {
      text += fmt[j];
      continue;
    }
    if (text) tokens.push(text);
    text = '';
    if (j === fmt.length - 1)
      throw new ConditionSyntaxError('invalid formatting syntax: formatting cannot end with a %', pos(j));
    let k = j + 1;
    while (k < fmt.length && /[0-9]/.test(fmt[k]!)) k++;
    const width = k > j + 1 ? Number(fmt.slice(j + 1, k)) : 0;
    if (k >= fmt.length)
      throw new ConditionSyntaxError(
        'invalid formatting syntax: formatting cannot end with a number',
        pos(j),
      );
    const { op, length } = longestOperand(fmt.slice(k), src, k);
    const name = op.info.name;
    if (!fields.has(name)) fields.set(name, op);
    tokens.push({ width, name, op });
    j = k + length - 1;
  }
  if (text) tokens.push(text);
  return { tokens, fields: [...fields].map(([name, op]) => ({ name, op })) };
}

function pos(idx: number): { idx: number; line: number; col: number } {
  return { idx, line: 1, col: idx + 1 };
}

/**
 * The longest prefix that is a valid field or transformer (libs shrinks the candidate until it
 * compiles); `%proc.name.` stops before the dot, `%evt.arg.flags` keeps the argument.
 */
function longestOperand<E>(
  rest: string,
  src: FieldSource<E>,
  at: number,
): { op: CompiledOperand<E>; length: number } {
  let candidate = rest;
  let lastError = 'invalid formatting token';
  while (candidate.length > 0) {
    const parsed = parseOperandPrefix(candidate);
    if (!parsed) break;
    try {
      return { op: compileOperand(parsed.operand, src), length: parsed.length };
    } catch (err) {
      if (!(err instanceof ConditionSyntaxError)) throw err;
      lastError = err.message;
      // Retry without the last `.component` (e.g. `%fd.name.bak` → `%fd.name`).
      const text = candidate.slice(0, parsed.length);
      const dot = text.lastIndexOf('.');
      if (dot <= 0 || /[[(]/.test(text)) break;
      candidate = text.slice(0, dot);
    }
  }
  throw new ConditionSyntaxError(`unknown filter: ${lastError}`, pos(at));
}

export function jsonValue(v: Value): JsonFieldValue {
  if (v === undefined) return null;
  return v;
}

export interface Rendered {
  text: string;
  fields: Record<string, JsonFieldValue>;
}

export function renderFormat<E>(f: CompiledFormat<E>, ev: E): Rendered {
  const values = new Map<string, Value>();
  const fields: Record<string, JsonFieldValue> = {};
  for (const { name, op } of f.fields) {
    let v: Value;
    try {
      v = op.get(ev);
    } catch {
      v = undefined;
    }
    // Ancestor fields without an index print as libs does: names from the parent up, space-separated.
    if (op.info.anyOf && Array.isArray(v)) v = v.length ? v.map(String).join(' ') : undefined;
    values.set(name, v);
    fields[name] = jsonValue(v);
  }
  let text = '';
  for (const t of f.tokens) {
    if (typeof t === 'string') {
      text += t;
      continue;
    }
    const s = formatValue(values.get(t.name)) ?? NA;
    text += t.width ? s.slice(0, t.width).padEnd(t.width, ' ') : s;
  }
  return { text, fields };
}

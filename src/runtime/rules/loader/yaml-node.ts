// Typed access to YAML nodes with positions, and Falco's scalar decoding rules (rule_loader_reader.cpp
// decode_val / decode_optional_val): a key that is present must hold a non-empty scalar.
import { isMap, isScalar, isSeq, type LineCounter, type Node, type YAMLMap } from 'yaml';
import { ItemError, type Location } from './messages.js';

export class NodeContext {
  constructor(
    readonly file: string,
    readonly lines: LineCounter,
  ) {}

  loc(node: Node | null | undefined): Location {
    const off = node?.range?.[0];
    if (off === undefined) return { file: this.file, line: 0, column: 0 };
    const p = this.lines.linePos(off);
    return { file: this.file, line: p.line, column: p.col };
  }
}

export function has(map: YAMLMap, key: string): boolean {
  return map.has(key);
}

export function node(map: YAMLMap, key: string): Node | undefined {
  const v = map.get(key, true);
  return v === null || v === undefined ? undefined : (v as Node);
}

function fail(ctx: NodeContext, n: Node | undefined, message: string, at: Node): never {
  throw new ItemError('LOAD_ERR_YAML_VALIDATE', message, ctx.loc(n ?? at));
}

/** Required non-empty scalar as a string. */
export function str(ctx: NodeContext, map: YAMLMap, key: string): string {
  if (!map.has(key)) fail(ctx, undefined, `Item has no mapping for key '${key}'`, map);
  const n = node(map, key);
  if (!n || (isScalar(n) && n.value === null)) fail(ctx, n, `Mapping for key '${key}' is empty`, map);
  if (!isScalar(n)) fail(ctx, n, 'Value is not a scalar value', map);
  const s = String(n.value);
  if (s === '') fail(ctx, n, 'Value must be non-empty', map);
  return s;
}

export function optStr(ctx: NodeContext, map: YAMLMap, key: string, canBeEmpty = false): string | undefined {
  if (!map.has(key)) return undefined;
  const n = node(map, key);
  if (!n || (isScalar(n) && (n.value === null || n.value === ''))) {
    if (canBeEmpty) return '';
    fail(ctx, n, `Mapping for key '${key}' is empty`, map);
  }
  if (!isScalar(n)) fail(ctx, n, 'Value is not a scalar value', map);
  return String(n.value);
}

const TRUE = new Set(['y', 'yes', 'true', 'on']);
const FALSE = new Set(['n', 'no', 'false', 'off']);

/** yaml-cpp's convert<bool>: y/yes/true/on and n/no/false/off in any common case. */
export function parseYamlBool(s: string): boolean | undefined {
  const l = s.toLowerCase();
  if (s !== l && s !== s.toUpperCase() && s !== s[0]!.toUpperCase() + s.slice(1).toLowerCase())
    return undefined;
  if (TRUE.has(l)) return true;
  if (FALSE.has(l)) return false;
  return undefined;
}

export function optBool(ctx: NodeContext, map: YAMLMap, key: string): boolean | undefined {
  const s = optStr(ctx, map, key);
  if (s === undefined) return undefined;
  const b = parseYamlBool(s);
  if (b === undefined) fail(ctx, node(map, key), "Can't decode YAML scalar value", map);
  return b;
}

export function bool(ctx: NodeContext, map: YAMLMap, key: string): boolean {
  const s = str(ctx, map, key);
  const b = parseYamlBool(s);
  if (b === undefined) fail(ctx, node(map, key), "Can't decode YAML scalar value", map);
  return b;
}

export function optUint(ctx: NodeContext, map: YAMLMap, key: string): number | undefined {
  const s = optStr(ctx, map, key);
  if (s === undefined) return undefined;
  if (!/^\d+$/.test(s)) fail(ctx, node(map, key), "Can't decode YAML scalar value", map);
  return Number(s);
}

/** A sequence of scalars (list `items`, rule `tags`). */
export function scalarSeq(
  ctx: NodeContext,
  map: YAMLMap,
  key: string,
  optional: boolean,
): string[] | undefined {
  if (!map.has(key)) {
    if (optional) return undefined;
    fail(ctx, undefined, `Item has no mapping for key '${key}'`, map);
  }
  const n = node(map, key);
  if (!n || !isSeq(n)) fail(ctx, n, 'Value is not a sequence', map);
  const out: string[] = [];
  for (const item of n.items) {
    if (!isScalar(item) || item.value === null) fail(ctx, item as Node, 'sequence value is not scalar', map);
    out.push(String(item.value));
  }
  return out;
}

export { isMap, isScalar, isSeq };

// Macro and list resolution on the AST. Macros (identifiers) are replaced by their resolved ASTs
// (falco filter_macro_resolver); list names are expanded where Falco's textual substitution
// (rule_loader_compiler.cpp resolve_list) would expand them: bare items inside `( … )` and a bare
// identifier on the right of a list operator. Quoted strings are never list references.
import type { Expr, ListExpr, RightValue, ValueExpr } from './ast.js';
import { ConditionSyntaxError, Cursor } from './lexer.js';

/**
 * A list item as it reads once substituted into condition text: `'"10.0.0.0/8"'` is a quoted string
 * token (the value is 10.0.0.0/8); anything else is taken literally.
 */
export function listItemValue(item: string): string {
  if (item[0] !== '"' && item[0] !== "'") return item;
  const c = new Cursor(item);
  try {
    return c.quoted() && c.idx === item.length ? c.last : item;
  } catch {
    return item;
  }
}

export interface ResolveEnv {
  /** The resolved AST of a macro visible here, or undefined when no such macro is visible. */
  macro(name: string): Expr | undefined;
  /** Items of a list, or undefined when no list has that name. */
  list(name: string): readonly string[] | undefined;
  /** Called for every macro and list actually used (for "unused" warnings). */
  used?(kind: 'macro' | 'list', name: string): void;
}

export function resolve(e: Expr, env: ResolveEnv): Expr {
  switch (e.kind) {
    case 'and':
    case 'or':
      return { ...e, children: e.children.map((c) => resolve(c, env)) };
    case 'not':
      return { ...e, child: resolve(e.child, env) };
    case 'identifier': {
      const m = env.macro(e.name);
      if (!m) throw new ConditionSyntaxError(`Undefined macro '${e.name}' used in filter.`, e.pos);
      env.used?.('macro', e.name);
      return m;
    }
    case 'binary':
      return { ...e, right: resolveRight(e.right, env) };
    default:
      return e;
  }
}

function expandValues(values: readonly ValueExpr[], env: ResolveEnv): ValueExpr[] {
  const out: ValueExpr[] = [];
  for (const v of values) {
    const items = v.quoted ? undefined : env.list(v.value);
    if (items === undefined) {
      out.push(v);
      continue;
    }
    env.used?.('list', v.value);
    for (const item of items)
      out.push({ kind: 'value', value: listItemValue(item), quoted: true, pos: v.pos });
  }
  return out;
}

function resolveRight(r: RightValue, env: ResolveEnv): RightValue {
  if (r.kind === 'list') return { ...r, values: expandValues(r.values, env) } satisfies ListExpr;
  if (r.kind === 'identvalue') {
    const items = env.list(r.name);
    if (items === undefined) return r;
    env.used?.('list', r.name);
    return {
      kind: 'list',
      values: items.map((item) => ({ kind: 'value', value: listItemValue(item), quoted: true, pos: r.pos })),
      pos: r.pos,
    };
  }
  return r;
}

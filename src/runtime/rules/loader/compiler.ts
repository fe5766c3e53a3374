// Turns collected lists, macros and rules into compiled rules, following falco
// rule_loader_compiler.cpp: list items may reference lists defined before them; a macro may reference
// macros defined before its last update (visibility); rules see every macro and list; exceptions are
// rewritten into the condition; outputs get Falco's suggested container/k8s fields appended for the
// syscall source (falco.yaml `append_output: - suggested_output: true`).
import type { Expr } from '../condition/ast.js';
import { compileCondition } from '../condition/compile.js';
import { eventTypes } from '../condition/evttypes.js';
import { ConditionSyntaxError } from '../condition/lexer.js';
import { parseCondition } from '../condition/parser.js';
import { resolve, type ResolveEnv } from '../condition/resolve.js';
import { simplify } from '../condition/simplify.js';
import type { FieldSource } from '../fields/types.js';
import { compileFormat } from '../output.js';
import type { CompiledRule } from '../ruleset.js';
import type { Collector, RuleInfo } from './collector.js';
import { applyExceptions } from './exceptions.js';
import type { Location, Messages } from './messages.js';

/** Falco's container plugin fields flagged "use as suggested output format", in plugin order. */
export const SUGGESTED_OUTPUT_FIELDS = [
  'container.id',
  'container.name',
  'container.image.repository',
  'container.image.tag',
  'k8s.pod.name',
  'k8s.ns.name',
] as const;

export const SUGGESTED_OUTPUT = SUGGESTED_OUTPUT_FIELDS.map((f) => `${f.replace(/\./g, '_')}=%${f}`).join(
  ' ',
);

export interface CompileOptions {
  sources: FieldSource<never>[];
  /** Append SUGGESTED_OUTPUT to syscall rule outputs (Falco's default falco.yaml does). */
  suggestedOutput: boolean;
}

function at(loc: Location, cond: string, err: ConditionSyntaxError): string {
  const near = cond.slice(err.pos.idx, err.pos.idx + 40).replace(/\s+/g, ' ');
  return `${err.message} (condition position ${err.pos.idx + 1}${near ? `, near '${near}'` : ''})`;
}

export function compileCollected(col: Collector, msgs: Messages, opts: CompileOptions): CompiledRule[] {
  const sources = new Map(opts.sources.map((s) => [s.id, s]));
  const usedLists = new Set<string>();
  const usedMacros = new Set<string>();

  // Lists: expand references to lists visible at the list's last update (compile_list_infos).
  const lists = new Map<string, string[]>();
  for (const l of col.lists.values()) {
    const items: string[] = [];
    for (const item of l.items) {
      const ref = col.lists.get(item);
      if (ref && ref.index < l.visibility) {
        usedLists.add(ref.name);
        items.push(...ref.items);
      } else {
        items.push(item);
      }
    }
    lists.set(l.name, items);
  }
  // In conditions Falco substitutes list names textually in definition order, which also expands
  // names left in items; expanding recursively (each list once per chain) gives the same result.
  const expanded = new Map<string, string[]>();
  const expandList = (name: string, chain: Set<string>): string[] | undefined => {
    const items = lists.get(name);
    if (!items) return undefined;
    const done = expanded.get(name);
    if (done) return done;
    const out: string[] = [];
    chain.add(name);
    for (const it of items) {
      const sub = lists.has(it) && !chain.has(it) ? expandList(it, chain) : undefined;
      if (sub) {
        usedLists.add(it);
        out.push(...sub);
      } else {
        out.push(it);
      }
    }
    chain.delete(name);
    expanded.set(name, out);
    return out;
  };

  // Macros: parse once, resolve lazily with Falco's visibility rule.
  const parsed = new Map<string, Expr | null>();
  const resolved = new Map<string, Expr | null>();
  const resolving = new Set<string>();
  for (const m of col.macros.values()) {
    try {
      parsed.set(m.name, parseCondition(m.cond));
    } catch (err) {
      if (!(err instanceof ConditionSyntaxError)) throw err;
      parsed.set(m.name, null);
      msgs.error('LOAD_ERR_COMPILE_CONDITION', at(m.condLoc, m.cond, err), m.condLoc, `macro '${m.name}'`);
    }
  }
  const used = (kind: 'macro' | 'list', name: string): void => {
    (kind === 'macro' ? usedMacros : usedLists).add(name);
  };
  const envFor = (visibility: number | undefined): ResolveEnv => ({
    macro: (name) => {
      const info = col.macros.get(name);
      if (!info || (visibility !== undefined && info.index >= visibility)) return undefined;
      const r = resolveMacro(name);
      if (r === null)
        throw new ConditionSyntaxError(`macro '${name}' has errors`, { idx: 0, line: 1, col: 1 });
      return r;
    },
    list: (name) => expandList(name, new Set()),
    used,
  });
  const resolveMacro = (name: string): Expr | null => {
    if (resolved.has(name)) return resolved.get(name)!;
    const info = col.macros.get(name)!;
    const ast = parsed.get(name);
    if (!ast) return null;
    if (resolving.has(name)) throw new ConditionSyntaxError(`macro '${name}' refers to itself`, ast.pos);
    resolving.add(name);
    try {
      const r = resolve(ast, envFor(info.visibility));
      resolved.set(name, r);
      return r;
    } catch (err) {
      if (!(err instanceof ConditionSyntaxError)) throw err;
      resolved.set(name, null);
      msgs.error(
        'LOAD_ERR_COMPILE_CONDITION',
        at(info.condLoc, info.cond, err),
        info.condLoc,
        `macro '${name}'`,
      );
      return null;
    } finally {
      resolving.delete(name);
    }
  };
  for (const name of col.macros.keys()) resolveMacro(name);

  const out: CompiledRule[] = [];
  for (const r of col.rules.values()) {
    const compiled = compileRule(r, sources, envFor(undefined), msgs, opts);
    if (compiled) out.push(compiled);
  }

  for (const m of col.macros.values()) {
    if (!usedMacros.has(m.name))
      msgs.warn(
        'LOAD_UNUSED_MACRO',
        'Macro not referred to by any other rule/macro',
        m.loc,
        `macro '${m.name}'`,
      );
  }
  for (const l of col.lists.values()) {
    if (!usedLists.has(l.name))
      msgs.warn(
        'LOAD_UNUSED_LIST',
        'List not referred to by any other rule/macro',
        l.loc,
        `list '${l.name}'`,
      );
  }
  return out;
}

function isUnknownField(msg: string): boolean {
  return msg.includes('nonexistent field') || msg.includes('unknown filter');
}

function compileRule(
  r: RuleInfo,
  sources: Map<string, FieldSource<never>>,
  env: ResolveEnv,
  msgs: Messages,
  opts: CompileOptions,
): CompiledRule | undefined {
  const what = `rule '${r.name}'`;
  const src = sources.get(r.source);
  if (!src) {
    msgs.warn('LOAD_UNKNOWN_SOURCE', `Unknown source ${r.source}, skipping`, r.loc, what);
    return undefined;
  }
  const { condition } = r.exceptions.length ? applyExceptions(r.cond, r.exceptions) : { condition: r.cond };

  let output = r.output;
  if (output.includes('%container.info')) {
    msgs.warn(
      'LOAD_DEPRECATED_ITEM',
      '%container.info is deprecated and no more useful, and will be dropped by Falco 1.0.0. The container plugin will automatically add required fields to the output message.',
      r.loc,
      what,
    );
    output = output.replace(/%container\.info/g, '');
  }
  if (opts.suggestedOutput && r.source === 'syscall') output = `${output} ${SUGGESTED_OUTPUT}`;
  let format;
  try {
    format = compileFormat(output, src);
  } catch (err) {
    if (!(err instanceof ConditionSyntaxError)) throw err;
    if (r.skipIfUnknownFilter && isUnknownField(err.message)) {
      msgs.warn('LOAD_UNKNOWN_FILTER', err.message, r.outputLoc, what);
      return undefined;
    }
    msgs.error('LOAD_ERR_COMPILE_OUTPUT', err.message, r.outputLoc, what);
    return undefined;
  }

  try {
    const ast = resolve(parseCondition(condition), env);
    const simplified = simplify(ast);
    const { predicate } = compileCondition(simplified, src);
    const types =
      r.source === 'syscall' ? eventTypes(ast) : ({ all: true, except: new Set<string>() } as const);
    if (r.source === 'syscall' && types.all && r.warnEvttypes) {
      msgs.warn(
        'LOAD_NO_EVTTYPE',
        'Rule matches too many evt.type values. This has a significant performance penalty.',
        r.loc,
        what,
      );
    }
    return {
      name: r.name,
      description: r.desc,
      source: r.source,
      priority: r.priority,
      tags: [...r.tags].sort(),
      enabled: r.enabled,
      eventTypes: types,
      condition,
      predicate,
      ast: simplified,
      output: format,
      order: r.index,
    };
  } catch (err) {
    if (!(err instanceof ConditionSyntaxError)) throw err;
    if (r.skipIfUnknownFilter && isUnknownField(err.message)) {
      msgs.warn('LOAD_UNKNOWN_FILTER', err.message, r.condLoc, what);
      return undefined;
    }
    msgs.error('LOAD_ERR_COMPILE_CONDITION', at(r.condLoc, condition, err), r.condLoc, what);
    return undefined;
  }
}

// Reads one rules file (YAML, possibly several documents) into the collector, item by item, following
// falco `userspace/engine/rule_loader_reader.cpp`. Unlike Falco, an invalid item does not stop the
// file: it is reported (with file and line) and the next item is read, so one run shows every problem.
import { LineCounter, parseAllDocuments, type Node, type YAMLMap } from 'yaml';
import type { Collector, Entry, ExceptionInfo, RuleUpdate } from './collector.js';
import { ItemError, type Location, type Messages } from './messages.js';
import { parsePriority } from '../priority.js';
import {
  NodeContext,
  bool,
  isMap,
  isScalar,
  isSeq,
  node,
  optBool,
  optStr,
  optUint,
  scalarSeq,
  str,
} from './yaml-node.js';
import { ALL_OPERATORS } from '../condition/parser.js';

export const MAX_RULES_FILE_BYTES = 32 * 1024 * 1024;
export const MAX_ITEMS_PER_FILE = 200_000;

const RULE_APPEND_KEYS: readonly string[] = ['condition', 'output', 'desc', 'tags', 'exceptions'];
const RULE_REPLACE_KEYS: readonly string[] = [
  'condition',
  'output',
  'desc',
  'priority',
  'capture',
  'capture_duration',
  'tags',
  'exceptions',
  'enabled',
  'warn_evttypes',
  'skip-if-unknown-filter',
];
const RULE_KEYS = new Set([
  'rule',
  'condition',
  'output',
  'desc',
  'priority',
  'source',
  'enabled',
  'capture',
  'capture_duration',
  'warn_evttypes',
  'skip-if-unknown-filter',
  'tags',
  'exceptions',
  'override',
  'append',
]);

export function readRulesText(text: string, file: string, collector: Collector, msgs: Messages): void {
  if (Buffer.byteLength(text) > MAX_RULES_FILE_BYTES) {
    msgs.error('LOAD_ERR_FILE_READ', `rules file is larger than ${MAX_RULES_FILE_BYTES} bytes`, {
      file,
      line: 0,
      column: 0,
    });
    return;
  }
  const lines = new LineCounter();
  const ctx = new NodeContext(file, lines);
  const docs = parseAllDocuments(text, { schema: 'failsafe', lineCounter: lines, prettyErrors: false });
  const list = Array.isArray(docs) ? docs : [docs];
  for (const doc of list) {
    if (doc.errors.length) {
      const e = doc.errors[0]!;
      const p = lines.linePos(e.pos[0]);
      msgs.error('LOAD_ERR_YAML_PARSE', e.message.split('\n')[0]!, { file, line: p.line, column: p.col });
      return;
    }
    const root = doc.contents as Node | null;
    if (root === null || (isScalar(root) && (root.value === null || root.value === ''))) continue;
    if (!isSeq(root)) {
      msgs.error(
        'LOAD_ERR_YAML_VALIDATE',
        isMap(root) ? 'Rules content is not yaml array of objects' : 'Rules content is not yaml',
        ctx.loc(root),
      );
      return;
    }
    if (root.items.length > MAX_ITEMS_PER_FILE) {
      msgs.error(
        'LOAD_ERR_YAML_VALIDATE',
        `more than ${MAX_ITEMS_PER_FILE} items in one file`,
        ctx.loc(root),
      );
      return;
    }
    for (const item of root.items) {
      if (item === null || (isScalar(item) && (item.value === null || item.value === ''))) continue;
      try {
        readItem(ctx, collector, msgs, item as Node);
      } catch (err) {
        if (!(err instanceof ItemError)) throw err;
        msgs.error(err.code, err.message, err.loc, describe(item as Node));
      }
    }
  }
}

function describe(item: Node): string | undefined {
  if (!isMap(item)) return undefined;
  for (const k of ['rule', 'macro', 'list'] as const) {
    const v = item.get(k);
    if (typeof v === 'string') return `${k} '${v}'`;
  }
  return undefined;
}

function warnUnknownKeys(
  ctx: NodeContext,
  msgs: Messages,
  item: YAMLMap,
  expected: Set<string>,
  what?: string,
): void {
  for (const pair of item.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
    if (!expected.has(key)) {
      msgs.warn(
        'LOAD_UNKNOWN_KEY',
        `Unknown key '${key}'. The key will be ignored.`,
        ctx.loc(pair.key as Node),
        what,
      );
    }
  }
}

function readItem(ctx: NodeContext, col: Collector, msgs: Messages, item: Node): void {
  if (!isMap(item)) {
    throw new ItemError(
      'LOAD_ERR_YAML_VALIDATE',
      'Unexpected element type. Each element should be a yaml associative array.',
      ctx.loc(item),
    );
  }
  const loc = ctx.loc(item);
  if (item.has('required_engine_version')) {
    const v = str(ctx, item, 'required_engine_version');
    col.engineRequirements.push({ version: v, loc });
    warnUnknownKeys(ctx, msgs, item, new Set(['required_engine_version']));
  } else if (item.has('required_plugin_versions')) {
    readPluginVersions(ctx, col, item);
    warnUnknownKeys(ctx, msgs, item, new Set(['required_plugin_versions']));
  } else if (item.has('list')) {
    readList(ctx, col, msgs, item, loc);
  } else if (item.has('macro')) {
    readMacro(ctx, col, msgs, item, loc);
  } else if (item.has('rule')) {
    readRule(ctx, col, msgs, item, loc);
  } else {
    msgs.warn('LOAD_UNKNOWN_ITEM', 'Unknown top level item', loc);
  }
}

function readPluginVersions(ctx: NodeContext, col: Collector, item: YAMLMap): void {
  const n = node(item, 'required_plugin_versions');
  if (!n || !isSeq(n))
    throw new ItemError(
      'LOAD_ERR_YAML_VALIDATE',
      'Value of required_plugin_versions must be a sequence',
      ctx.loc(n ?? item),
    );
  for (const p of n.items as Node[]) {
    if (!isMap(p))
      throw new ItemError('LOAD_ERR_YAML_VALIDATE', 'Plugin version must be a mapping', ctx.loc(p));
    const alternatives = [{ name: str(ctx, p, 'name'), version: str(ctx, p, 'version') }];
    const alts = node(p, 'alternatives');
    if (alts) {
      if (!isSeq(alts))
        throw new ItemError(
          'LOAD_ERR_YAML_VALIDATE',
          'Value of plugin version alternatives must be a sequence',
          ctx.loc(alts),
        );
      for (const a of alts.items as Node[]) {
        if (!isMap(a))
          throw new ItemError(
            'LOAD_ERR_YAML_VALIDATE',
            'Plugin version alternative must be a mapping',
            ctx.loc(a),
          );
        alternatives.push({ name: str(ctx, a, 'name'), version: str(ctx, a, 'version') });
      }
    }
    const seen = new Set<string>();
    for (const a of alternatives) {
      if (!/^\d+\.\d+\.\d+/.test(a.version)) {
        throw new ItemError(
          'LOAD_ERR_VALIDATE',
          `Invalid required version '${a.version}' for plugin '${a.name}'`,
          ctx.loc(p),
        );
      }
      if (seen.has(a.name)) {
        throw new ItemError(
          'LOAD_ERR_VALIDATE',
          `Defined multiple alternative version requirements for plugin '${a.name}'`,
          ctx.loc(p),
        );
      }
      seen.add(a.name);
    }
    col.pluginRequirements.push({ alternatives, loc: ctx.loc(p) });
  }
}

/** `override: {key: append|replace}`; validates keys against what the item type allows. */
function readOverrides(
  ctx: NodeContext,
  item: YAMLMap,
  canAppend: readonly string[],
  canReplace: readonly string[],
): { append: Set<string>; replace: Set<string> } {
  const out = { append: new Set<string>(), replace: new Set<string>() };
  const n = node(item, 'override');
  if (!n) return out;
  if (!isMap(n))
    throw new ItemError('LOAD_ERR_YAML_VALIDATE', "Value of 'override' must be a mapping", ctx.loc(n));
  for (const pair of n.items) {
    const key = String(isScalar(pair.key) ? pair.key.value : pair.key);
    const op = String(isScalar(pair.value) ? pair.value.value : pair.value);
    const keyLoc = ctx.loc(pair.key as Node);
    if (op === 'append') {
      if (!canAppend.includes(key))
        throw new ItemError(
          'LOAD_ERR_YAML_VALIDATE',
          `Key '${key}' cannot be appended to, use 'replace' instead`,
          keyLoc,
        );
      out.append.add(key);
    } else if (op === 'replace') {
      if (!canReplace.includes(key))
        throw new ItemError('LOAD_ERR_YAML_VALIDATE', `Key '${key}' cannot be replaced`, keyLoc);
      out.replace.add(key);
    } else {
      const allowed = [
        canAppend.includes(key) ? 'append' : '',
        canReplace.includes(key) ? 'replace' : '',
      ].filter(Boolean);
      throw new ItemError(
        'LOAD_ERR_YAML_VALIDATE',
        `Invalid override operation for key '${key}': '${op}'. Allowed values are: ${allowed.join(' ')}`,
        ctx.loc(pair.value as Node),
      );
    }
  }
  return out;
}

const ERROR_OVERRIDE_APPEND =
  "Keys 'override' and 'append: true' cannot be used together. Add an 'append' entry (e.g. 'condition: append') under 'override' instead.";
const WARNING_APPEND =
  "'append' key is deprecated. Add an 'append' entry (e.g. 'condition: append') under 'override' instead.";
const WARNING_ENABLED =
  "The standalone 'enabled' key usage is deprecated. The correct approach requires also a 'replace' entry under the 'override' key (i.e. 'enabled: replace').";

function readList(ctx: NodeContext, col: Collector, msgs: Messages, item: YAMLMap, loc: Location): void {
  const name = str(ctx, item, 'list');
  const what = `list '${name}'`;
  if (!/^[^()"'\s=,]+$/.test(name)) {
    msgs.warn(
      'LOAD_INVALID_LIST_NAME',
      'List has an invalid name. List names should match a regular expression: ([^()"\'[:space:]=,]+)',
      loc,
      what,
    );
  }
  const items = scalarSeq(ctx, item, 'items', false)!;
  const append = optBool(ctx, item, 'append') ?? false;
  if (append) msgs.warn('LOAD_DEPRECATED_ITEM', WARNING_APPEND, loc, what);
  const ov = readOverrides(ctx, item, ['items'], ['items']);
  if (append && (ov.append.size || ov.replace.size))
    throw new ItemError('LOAD_ERR_VALIDATE', ERROR_OVERRIDE_APPEND, loc);
  if (append || ov.append.has('items')) col.appendList(name, items, loc);
  else col.defineList({ name, items, loc });
  warnUnknownKeys(ctx, msgs, item, new Set(['list', 'items', 'append', 'override']), what);
}

function readMacro(ctx: NodeContext, col: Collector, msgs: Messages, item: YAMLMap, loc: Location): void {
  const name = str(ctx, item, 'macro');
  const what = `macro '${name}'`;
  if (!/^[a-zA-Z]+[a-zA-Z0-9_]*$/.test(name)) {
    msgs.warn(
      'LOAD_INVALID_MACRO_NAME',
      'Macro has an invalid name. Macro names should match a regular expression: ([a-zA-Z]+[a-zA-Z0-9_]*)',
      loc,
      what,
    );
  }
  const cond = str(ctx, item, 'condition');
  const condLoc = ctx.loc(node(item, 'condition'));
  const append = optBool(ctx, item, 'append') ?? false;
  if (append) msgs.warn('LOAD_DEPRECATED_ITEM', WARNING_APPEND, loc, what);
  const ov = readOverrides(ctx, item, ['condition'], ['condition']);
  if (append && (ov.append.size || ov.replace.size))
    throw new ItemError('LOAD_ERR_VALIDATE', ERROR_OVERRIDE_APPEND, loc);
  if (append || ov.append.has('condition')) col.appendMacro(name, cond, loc);
  else col.defineMacro({ name, cond, condLoc, loc });
  warnUnknownKeys(ctx, msgs, item, new Set(['macro', 'condition', 'append', 'override']), what);
}

function readRule(ctx: NodeContext, col: Collector, msgs: Messages, item: YAMLMap, loc: Location): void {
  const name = str(ctx, item, 'rule');
  const what = `rule '${name}'`;
  const source = optStr(ctx, item, 'source', true) ?? '';
  const appendFlag = optBool(ctx, item, 'append') ?? false;
  if (appendFlag) msgs.warn('LOAD_DEPRECATED_ITEM', WARNING_APPEND, loc, what);
  const ov = readOverrides(ctx, item, RULE_APPEND_KEYS, RULE_REPLACE_KEYS);
  const hasOverrides = ov.append.size > 0 || ov.replace.size > 0;
  if (appendFlag && hasOverrides) throw new ItemError('LOAD_ERR_VALIDATE', ERROR_OVERRIDE_APPEND, loc);

  if (hasOverrides) {
    const present = new Set<string>([...RULE_APPEND_KEYS, ...RULE_REPLACE_KEYS].filter((k) => item.has(k)));
    const take = (set: Set<string>, kind: string, key: string): boolean => {
      if (!set.has(key)) return false;
      if (!present.has(key)) {
        throw new ItemError(
          'LOAD_ERR_YAML_VALIDATE',
          `An ${kind} override for '${key}' was specified but '${key}' is not defined`,
          loc,
        );
      }
      present.delete(key);
      return true;
    };
    const update = (set: Set<string>, kind: string, isAppend: boolean): RuleUpdate => {
      const u: RuleUpdate = { name, loc };
      if (take(set, kind, 'condition')) {
        u.source = source;
        u.cond = str(ctx, item, 'condition');
        u.condLoc = ctx.loc(node(item, 'condition'));
      }
      if (take(set, kind, 'exceptions')) u.exceptions = readExceptions(ctx, msgs, item, isAppend, what);
      if (take(set, kind, 'output')) u.output = str(ctx, item, 'output');
      if (take(set, kind, 'desc')) u.desc = str(ctx, item, 'desc');
      if (take(set, kind, 'tags')) u.tags = new Set(scalarSeq(ctx, item, 'tags', true) ?? []);
      if (!isAppend) {
        if (take(set, kind, 'priority')) u.priority = priority(ctx, item);
        if (take(set, kind, 'capture')) u.capture = bool(ctx, item, 'capture');
        if (take(set, kind, 'capture_duration')) u.captureDuration = optUint(ctx, item, 'capture_duration');
        if (take(set, kind, 'enabled')) u.enabled = bool(ctx, item, 'enabled');
        if (take(set, kind, 'warn_evttypes')) u.warnEvttypes = bool(ctx, item, 'warn_evttypes');
        if (take(set, kind, 'skip-if-unknown-filter'))
          u.skipIfUnknownFilter = bool(ctx, item, 'skip-if-unknown-filter');
      }
      return u;
    };
    if (ov.append.size) col.appendRule(update(ov.append, 'append', true));
    if (ov.replace.size) col.replaceRule(update(ov.replace, 'replace', false));
    for (const key of present) {
      throw new ItemError(
        'LOAD_ERR_YAML_VALIDATE',
        `Unexpected key '${key}': no corresponding entry under 'override' is defined.`,
        ctx.loc(node(item, key)),
      );
    }
  } else if (appendFlag) {
    const u: RuleUpdate = { name, source, loc };
    if (item.has('condition')) {
      u.cond = str(ctx, item, 'condition');
      u.condLoc = ctx.loc(node(item, 'condition'));
    }
    if (item.has('exceptions')) u.exceptions = readExceptions(ctx, msgs, item, true, what);
    col.appendRule(u);
  } else if (!item.has('condition') && !item.has('output') && !item.has('desc') && !item.has('priority')) {
    const enabled = bool(ctx, item, 'enabled');
    msgs.warn('LOAD_DEPRECATED_ITEM', WARNING_ENABLED, loc, what);
    col.enableRule(name, enabled, loc);
  } else {
    const cond = str(ctx, item, 'condition');
    const output = str(ctx, item, 'output').trim();
    const desc = str(ctx, item, 'desc');
    const prio = priority(ctx, item);
    const src = optStr(ctx, item, 'source') ?? 'syscall';
    col.defineRule({
      name,
      desc,
      cond,
      condLoc: ctx.loc(node(item, 'condition')),
      output,
      outputLoc: ctx.loc(node(item, 'output')),
      priority: prio,
      source: src,
      enabled: optBool(ctx, item, 'enabled') ?? true,
      tags: new Set(scalarSeq(ctx, item, 'tags', true) ?? []),
      exceptions: readExceptions(ctx, msgs, item, false, what) ?? [],
      capture: optBool(ctx, item, 'capture') ?? false,
      captureDuration: optUint(ctx, item, 'capture_duration') ?? 0,
      warnEvttypes: optBool(ctx, item, 'warn_evttypes') ?? true,
      skipIfUnknownFilter: optBool(ctx, item, 'skip-if-unknown-filter') ?? false,
      unknownSource: false,
      loc,
    });
  }
  warnUnknownKeys(ctx, msgs, item, RULE_KEYS, what);
}

function priority(ctx: NodeContext, item: YAMLMap): NonNullable<RuleUpdate['priority']> {
  const s = str(ctx, item, 'priority');
  const p = parsePriority(s);
  if (!p) throw new ItemError('LOAD_ERR_YAML_VALIDATE', 'Invalid priority', ctx.loc(node(item, 'priority')));
  return p;
}

function entry(ctx: NodeContext, n: Node | undefined, at: Node): Entry {
  if (n && isScalar(n)) {
    const s = n.value === null ? '' : String(n.value);
    if (s === '') throw new ItemError('LOAD_ERR_YAML_VALIDATE', 'Value must be non-empty', ctx.loc(n));
    return { isList: false, item: s };
  }
  if (n && isSeq(n)) return { isList: true, items: (n.items as Node[]).map((c) => entry(ctx, c, at)) };
  throw new ItemError('LOAD_ERR_YAML_VALIDATE', 'Value must be a scalar or a sequence', ctx.loc(n ?? at));
}

/** `exceptions:` items: {name, fields, comps, values}; validated as collector.cpp validate_exception_info. */
function readExceptions(
  ctx: NodeContext,
  msgs: Messages,
  item: YAMLMap,
  append: boolean,
  what: string,
): ExceptionInfo[] | undefined {
  const exs = node(item, 'exceptions');
  if (!exs || (isScalar(exs) && (exs.value === null || exs.value === ''))) return undefined;
  if (!isSeq(exs))
    throw new ItemError('LOAD_ERR_YAML_VALIDATE', 'Rule exceptions must be a sequence', ctx.loc(exs));
  const out: ExceptionInfo[] = [];
  for (const ex of exs.items as Node[]) {
    if (!isMap(ex))
      throw new ItemError('LOAD_ERR_YAML_VALIDATE', 'Rule exception must be a mapping', ctx.loc(ex));
    const name = str(ctx, ex, 'name');
    const loc = ctx.loc(ex);
    if (out.some((e) => e.name === name)) {
      msgs.warn(
        'LOAD_EXCEPTION_NAME_NOT_UNIQUE',
        `Multiple definitions of exception '${name}' in the same rule`,
        loc,
        what,
      );
    }
    const info: ExceptionInfo = { name, values: [], loc };
    if (ex.has('fields')) info.fields = entry(ctx, node(ex, 'fields'), ex);
    else if (!append)
      throw new ItemError('LOAD_ERR_YAML_VALIDATE', "Item has no mapping for key 'fields'", loc);
    if (ex.has('comps')) info.comps = entry(ctx, node(ex, 'comps'), ex);
    const vals = node(ex, 'values');
    if (vals) {
      if (!isSeq(vals))
        throw new ItemError(
          'LOAD_ERR_YAML_VALIDATE',
          'Rule exception values must be a sequence',
          ctx.loc(vals),
        );
      for (const v of vals.items as Node[]) info.values.push(entry(ctx, v, ex));
    } else if (append) {
      msgs.warn('LOAD_WARNING_APPEND_NO_VALUES', 'Overriding/appending exception with no values', loc, what);
    }
    if (info.fields) validateException(info);
    out.push(info);
  }
  return out;
}

/** Defaults and checks of collector.cpp validate_exception_info (field names are checked at compile). */
export function validateException(ex: ExceptionInfo): void {
  const isOp = (s: string): boolean => ALL_OPERATORS.includes(s) || isModifierOp(s);
  if (ex.fields!.isList) {
    const n = ex.fields!.items.length;
    if (!ex.comps)
      ex.comps = {
        isList: true,
        items: Array.from({ length: n }, () => ({ isList: false as const, item: '=' })),
      };
    if (!ex.comps.isList || ex.comps.items.length !== n) {
      throw new ItemError('LOAD_ERR_VALIDATE', 'Fields and comps lists must have equal length', ex.loc);
    }
    for (const c of ex.comps.items) {
      if (c.isList)
        throw new ItemError('LOAD_ERR_VALIDATE', 'Fields and comps lists must have equal length', ex.loc);
      c.item = c.item.trim();
      if (!isOp(c.item))
        throw new ItemError(
          'LOAD_ERR_VALIDATE',
          `'${c.item}' is not a supported comparison operator`,
          ex.loc,
        );
    }
  } else {
    if (!ex.comps) ex.comps = { isList: false, item: 'in' };
    if (ex.comps.isList)
      throw new ItemError('LOAD_ERR_VALIDATE', 'Fields and comps must both be strings', ex.loc);
    ex.comps.item = ex.comps.item.trim();
    if (!['in', 'pmatch', 'intersects'].includes(ex.comps.item) && !isModifierOp(ex.comps.item)) {
      throw new ItemError(
        'LOAD_ERR_VALIDATE',
        'When fields is a single value, comps must be one of (in, pmatch, intersects) or a modifier operator (e.g. startswith oneof)',
        ex.loc,
      );
    }
  }
}

/** `startswith oneof` etc. (falco rule_loader_cmpop.h is_str_operator_with_modifier). */
export function isModifierOp(s: string): boolean {
  const m = /^(\S+)\s+(oneof|anyof|allof)$/.exec(s.trim());
  return (
    !!m &&
    [
      '==',
      '=',
      '!=',
      'glob',
      'iglob',
      'contains',
      'icontains',
      'bcontains',
      'startswith',
      'bstartswith',
      'endswith',
      'regex',
    ].includes(m[1]!)
  );
}

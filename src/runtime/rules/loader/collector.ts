// Collects lists, macros and rules across files in load order, applying redefinition, legacy
// `append: true`, `override: {key: append|replace}` and `enabled`-only items with the semantics of
// falco `userspace/engine/rule_loader_collector.cpp`. Every item gets an `index` (its first definition)
// and a `visibility` (its last update); the compiler uses them to decide which lists and macros an
// item may reference, as Falco does.
import { ItemError, type Location } from './messages.js';
import type { Priority } from '../priority.js';

/** A scalar or a (nested) list, as exception fields/comps/values are written. */
export type Entry = { isList: false; item: string } | { isList: true; items: Entry[] };

export interface ExceptionInfo {
  name: string;
  fields?: Entry;
  comps?: Entry;
  values: Entry[];
  loc: Location;
}

export interface ListInfo {
  name: string;
  items: string[];
  index: number;
  visibility: number;
  loc: Location;
}

export interface MacroInfo {
  name: string;
  cond: string;
  condLoc: Location;
  index: number;
  visibility: number;
  loc: Location;
}

export interface RuleInfo {
  name: string;
  desc: string;
  cond: string;
  condLoc: Location;
  output: string;
  outputLoc: Location;
  priority: Priority;
  source: string;
  enabled: boolean;
  tags: Set<string>;
  exceptions: ExceptionInfo[];
  capture: boolean;
  captureDuration: number;
  warnEvttypes: boolean;
  skipIfUnknownFilter: boolean;
  unknownSource: boolean;
  index: number;
  visibility: number;
  loc: Location;
}

/** Fields an `append`/`override` item may carry; undefined means "not given". */
export interface RuleUpdate {
  name: string;
  source?: string;
  cond?: string;
  condLoc?: Location;
  output?: string;
  desc?: string;
  tags?: Set<string>;
  exceptions?: ExceptionInfo[];
  priority?: Priority;
  capture?: boolean;
  captureDuration?: number;
  enabled?: boolean;
  warnEvttypes?: boolean;
  skipIfUnknownFilter?: boolean;
  loc: Location;
}

export interface EngineRequirement {
  version: string;
  loc: Location;
}

export interface PluginRequirement {
  alternatives: { name: string; version: string }[];
  loc: Location;
}

export class Collector {
  private cur = 0;
  readonly lists = new Map<string, ListInfo>();
  readonly macros = new Map<string, MacroInfo>();
  readonly rules = new Map<string, RuleInfo>();
  readonly engineRequirements: EngineRequirement[] = [];
  readonly pluginRequirements: PluginRequirement[] = [];

  private nextId(): number {
    return this.cur++;
  }

  /** Redefinition keeps the original position (index) and takes the new content (define_info). */
  private defineInfo<T extends { name: string; index: number; visibility: number }>(
    map: Map<string, T>,
    info: T,
  ): void {
    const id = this.nextId();
    const prev = map.get(info.name);
    info.visibility = id;
    info.index = prev ? prev.index : id;
    map.set(info.name, info);
  }

  defineList(info: Omit<ListInfo, 'index' | 'visibility'>): void {
    this.defineInfo(this.lists, { ...info, index: 0, visibility: 0 });
  }

  appendList(name: string, items: string[], loc: Location): void {
    const prev = this.lists.get(name);
    if (!prev)
      throw new ItemError(
        'LOAD_ERR_VALIDATE',
        "List has 'append' key or an append override but no list by that name already exists",
        loc,
      );
    prev.items.push(...items);
    prev.visibility = this.nextId();
  }

  defineMacro(info: Omit<MacroInfo, 'index' | 'visibility'>): void {
    this.defineInfo(this.macros, { ...info, index: 0, visibility: 0 });
  }

  appendMacro(name: string, cond: string, loc: Location): void {
    const prev = this.macros.get(name);
    if (!prev)
      throw new ItemError(
        'LOAD_ERR_VALIDATE',
        "Macro has 'append' key or an append override but no macro by that name already exists",
        loc,
      );
    prev.cond += ` ${cond}`;
    prev.visibility = this.nextId();
  }

  defineRule(info: Omit<RuleInfo, 'index' | 'visibility'>): void {
    this.findPrevRule(info.name, info.source, info.loc);
    this.defineInfo(this.rules, { ...info, index: 0, visibility: 0 });
  }

  private findPrevRule(name: string, source: string | undefined, loc: Location): RuleInfo | undefined {
    const prev = this.rules.get(name);
    if (prev && prev.source !== '' && source !== undefined && source !== '' && prev.source !== source) {
      throw new ItemError('LOAD_ERR_VALIDATE', 'Rule has been re-defined with a different source', loc);
    }
    return prev;
  }

  appendRule(u: RuleUpdate): RuleInfo {
    const prev = this.findPrevRule(u.name, u.source, u.loc);
    if (!prev)
      throw new ItemError(
        'LOAD_ERR_VALIDATE',
        "Rule has 'append' key or an append override but no rule by that name already exists",
        u.loc,
      );
    if (
      u.cond === undefined &&
      u.exceptions === undefined &&
      u.output === undefined &&
      u.desc === undefined &&
      u.tags === undefined
    ) {
      throw new ItemError(
        'LOAD_ERR_VALIDATE',
        'Appended rule must have exceptions or condition property',
        u.loc,
      );
    }
    if (u.cond) prev.cond += ` ${u.cond}`;
    if (u.output) prev.output += ` ${u.output}`;
    if (u.desc) prev.desc += ` ${u.desc}`;
    if (u.tags) for (const t of u.tags) prev.tags.add(t);
    for (const ex of u.exceptions ?? []) {
      const existing = prev.exceptions.find((e) => e.name === ex.name);
      if (!existing) {
        if (!ex.fields)
          throw new ItemError(
            'LOAD_ERR_VALIDATE',
            'Rule exception must have fields property with a list of fields',
            ex.loc,
          );
        if (ex.values.length === 0)
          throw new ItemError(
            'LOAD_ERR_VALIDATE',
            'Rule exception must have values property with a list of values',
            ex.loc,
          );
        prev.exceptions.push(ex);
      } else {
        if (ex.fields)
          throw new ItemError(
            'LOAD_ERR_VALIDATE',
            'Can not append exception fields to existing exception, only values',
            ex.loc,
          );
        if (ex.comps)
          throw new ItemError(
            'LOAD_ERR_VALIDATE',
            'Can not append exception comps to existing exception, only values',
            ex.loc,
          );
        existing.values.push(...ex.values);
      }
    }
    prev.visibility = this.nextId();
    return prev;
  }

  replaceRule(u: RuleUpdate): RuleInfo {
    const prev = this.findPrevRule(u.name, u.source, u.loc);
    if (!prev)
      throw new ItemError(
        'LOAD_ERR_VALIDATE',
        'An replace to a rule was requested but no rule by that name already exists',
        u.loc,
      );
    const keys = Object.entries(u).filter(
      ([k, v]) => v !== undefined && !['name', 'source', 'loc', 'condLoc'].includes(k),
    );
    if (keys.length === 0)
      throw new ItemError(
        'LOAD_ERR_VALIDATE',
        'The rule must have at least one field that can be replaced',
        u.loc,
      );
    if (u.cond !== undefined) {
      prev.cond = u.cond;
      if (u.condLoc) prev.condLoc = u.condLoc;
    }
    if (u.output !== undefined) prev.output = u.output;
    if (u.desc !== undefined) prev.desc = u.desc;
    if (u.tags !== undefined) prev.tags = new Set(u.tags);
    if (u.exceptions !== undefined) prev.exceptions = u.exceptions;
    if (u.priority !== undefined) prev.priority = u.priority;
    if (u.capture !== undefined) prev.capture = u.capture;
    if (u.captureDuration !== undefined) prev.captureDuration = u.captureDuration;
    if (u.enabled !== undefined) prev.enabled = u.enabled;
    if (u.warnEvttypes !== undefined) prev.warnEvttypes = u.warnEvttypes;
    if (u.skipIfUnknownFilter !== undefined) prev.skipIfUnknownFilter = u.skipIfUnknownFilter;
    prev.visibility = this.nextId();
    return prev;
  }

  enableRule(name: string, enabled: boolean, loc: Location): void {
    const prev = this.rules.get(name);
    if (!prev)
      throw new ItemError(
        'LOAD_ERR_VALIDATE',
        "Rule has 'enabled' key but no rule by that name already exists",
        loc,
      );
    prev.enabled = enabled;
  }
}

// The loaded ruleset: compiled rules indexed by event type (falco `evttype_index_ruleset.cpp`): each
// syscall event type maps to the rules that can match it, in load order; rules with no type restriction
// are candidates for every type. With `rule_matching: first` (Falco's default) the first matching rule
// in load order alerts; with `all`, every matching rule does.
import { hostname as osHostname } from 'node:os';
import type { FieldMap, RuntimeEvent } from '../event.js';
import { clockTimeNs, isoTimeNs, type Alert } from './alert.js';
import type { EventTypeSet } from './condition/evttypes.js';
import { hasType } from './condition/evttypes.js';
import type { Predicate } from './condition/compile.js';
import type { Expr } from './condition/ast.js';
import type { AuditEvent } from './fields/k8s-audit.js';
import type { FieldSource } from './fields/types.js';
import { TypePlans, type TypePlan } from './type-plans.js';
import { renderFormat, type CompiledFormat, type JsonFieldValue } from './output.js';
import { toStr } from './fields/values.js';
import { PRIORITIES, type Priority } from './priority.js';

export type RuleMatching = 'first' | 'all';

export interface CompiledRule<E = never> {
  name: string;
  description: string;
  source: string;
  priority: Priority;
  tags: string[];
  enabled: boolean;
  /** Event types this rule can match (syscall source); `all` for other sources. */
  eventTypes: EventTypeSet;
  /** The condition actually evaluated (exceptions included), for diagnostics. */
  condition: string;
  predicate: Predicate<E>;
  /** The resolved, simplified condition `predicate` was compiled from (for per-type plans). */
  ast?: Expr;
  output: CompiledFormat<E>;
  /** Load order; lower runs first. */
  order: number;
}

export interface RuleSelection {
  minPriority?: Priority;
  disableTags?: string[];
  onlyTags?: string[];
  disableNames?: string[];
}

export interface RulesetOptions {
  ruleMatching?: RuleMatching;
  hostname?: string;
  /** Clock for events without a timestamp (ns since the epoch). */
  now?: () => bigint;
}

const MAX_TYPE_CACHE = 4096;
/** Shared result for the common no-match case (never mutated). */
const NONE: CompiledRule[] = [];

/** Which syscalls the syscall-source rules need, for a sensor to attach only those probes. */
export interface EventTypeNeeds {
  /** True when some enabled rule has no event-type restriction (it needs every event). */
  all: boolean;
  /** Event types named by enabled rules (sorted). */
  types: string[];
  /** Rules that need every event type, by name. */
  unrestricted: string[];
}

export class Ruleset {
  readonly rules: readonly CompiledRule[];
  readonly ruleMatching: RuleMatching;
  readonly hostname: string;
  private readonly sources: Map<string, FieldSource<never>>;
  private readonly now: () => bigint;
  private readonly bySource = new Map<string, CompiledRule[]>();
  private readonly typeCache = new Map<string, CompiledRule[]>();
  private plans!: TypePlans;

  constructor(rules: CompiledRule[], sources: FieldSource<never>[], opts: RulesetOptions = {}) {
    this.rules = rules;
    this.ruleMatching = opts.ruleMatching ?? 'first';
    this.hostname = opts.hostname ?? osHostname();
    this.now = opts.now ?? (() => BigInt(Date.now()) * 1_000_000n);
    this.sources = new Map(sources.map((s) => [s.id, s]));
    this.reindex();
  }

  /** Enable or disable rules by exact name or by tag; returns how many rules changed state. */
  setEnabled(selector: { name?: string; tag?: string }, enabled: boolean): number {
    let n = 0;
    for (const r of this.rules) {
      if (
        (selector.name !== undefined && r.name === selector.name) ||
        (selector.tag !== undefined && r.tags.includes(selector.tag))
      ) {
        if (r.enabled !== enabled) n++;
        r.enabled = enabled;
      }
    }
    this.reindex();
    return n;
  }

  /**
   * Falco's rule selection flags: `-T tag` disables rules with a tag, `-t tag` keeps only rules with one
   * of the tags, `-D substring` disables rules whose name contains it, and the `priority` setting drops
   * rules less severe than the minimum. Returns how many rules were disabled.
   */
  select(sel: RuleSelection): number {
    const minRank = sel.minPriority ? PRIORITIES.indexOf(sel.minPriority) : PRIORITIES.length;
    let n = 0;
    for (const r of this.rules) {
      if (!r.enabled) continue;
      const off =
        PRIORITIES.indexOf(r.priority) > minRank ||
        (sel.disableTags ?? []).some((t) => r.tags.includes(t)) ||
        ((sel.onlyTags ?? []).length > 0 && !(sel.onlyTags ?? []).some((t) => r.tags.includes(t))) ||
        (sel.disableNames ?? []).some((s) => r.name.includes(s));
      if (off) {
        r.enabled = false;
        n++;
      }
    }
    this.reindex();
    return n;
  }

  private reindex(): void {
    this.bySource.clear();
    this.typeCache.clear();
    for (const r of [...this.rules].sort((a, b) => a.order - b.order)) {
      if (!r.enabled) continue;
      const list = this.bySource.get(r.source) ?? [];
      list.push(r);
      this.bySource.set(r.source, list);
    }
    this.plans = new TypePlans(this.bySource.get('syscall') ?? [], this.sources.get('syscall'));
  }

  /** Enabled syscall rules that may match events of type `type`, in load order. */
  candidates(type: string): CompiledRule[] {
    const hit = this.typeCache.get(type);
    if (hit) return hit;
    const list = (this.bySource.get('syscall') ?? []).filter((r) => hasType(r.eventTypes, type));
    if (this.typeCache.size < MAX_TYPE_CACHE) this.typeCache.set(type, list);
    return list;
  }

  eventTypes(): EventTypeNeeds {
    const types = new Set<string>();
    const unrestricted: string[] = [];
    for (const r of this.bySource.get('syscall') ?? []) {
      if (r.eventTypes.all) unrestricted.push(r.name);
      else for (const t of r.eventTypes.only) types.add(t);
    }
    return { all: unrestricted.length > 0, types: [...types].sort(), unrestricted };
  }

  /** The rules that match, honouring rule_matching; no formatting. */
  match(ev: RuntimeEvent): CompiledRule[] {
    let candidates: CompiledRule[];
    let preds: Predicate<never>[] | undefined;
    if (ev.source === 'syscall') {
      const type = ev.fields['evt.type'];
      if (typeof type === 'string') {
        // The common case: conditions specialised to this event type (type-plans.ts).
        const plan: TypePlan = this.plans.get(type);
        candidates = plan.rules;
        preds = plan.preds;
      } else {
        // As the field reads it; never String(): a JSON object such as {"toString":1} makes it throw.
        candidates = this.candidates(toStr(type) ?? '');
      }
    } else candidates = this.bySource.get(ev.source) ?? [];
    const data = (ev.source === 'syscall' ? ev.fields : ev.audit) as never;
    let out: CompiledRule[] | undefined;
    for (let i = 0; i < candidates.length; i++) {
      const r = candidates[i]!;
      let ok: boolean;
      try {
        ok = preds ? preds[i]!(data) : r.predicate(data);
      } catch {
        ok = false;
      }
      if (ok) {
        (out ??= []).push(r);
        if (this.ruleMatching === 'first') break;
      }
    }
    return out ?? NONE;
  }

  evaluate(ev: RuntimeEvent): Alert[] {
    const matched = this.match(ev);
    if (matched.length === 0) return [];
    return matched.map((r) => this.formatAlert(r, ev));
  }

  /** Shorthand for a syscall field-map event. */
  evaluateFields(fields: FieldMap): Alert[] {
    return this.evaluate({ source: 'syscall', fields });
  }

  /** Shorthand for one Kubernetes audit event. */
  evaluateAudit(audit: AuditEvent): Alert[] {
    return this.evaluate({ source: 'k8s_audit', audit });
  }

  formatAlert(rule: CompiledRule, ev: RuntimeEvent): Alert {
    const data = (ev.source === 'syscall' ? ev.fields : ev.audit) as never;
    const src = this.sources.get(rule.source);
    const ns = (src?.timeNs(data) as bigint | undefined) ?? this.now();
    const rendered = renderFormat(rule.output as CompiledFormat<never>, data);
    const fields: Record<string, JsonFieldValue | bigint> = { ...rendered.fields, 'evt.time': ns };
    return {
      hostname: this.hostname,
      output: `${clockTimeNs(ns)}: ${rule.priority} ${rendered.text}`,
      output_fields: fields,
      priority: rule.priority,
      rule: rule.name,
      source: rule.source,
      tags: rule.tags,
      time: isoTimeNs(ns),
    };
  }
}

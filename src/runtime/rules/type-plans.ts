// Per-event-type evaluation plans for the syscall rules. The ruleset already picks candidate rules by
// `evt.type` (the event-type index); a plan also compiles each candidate's condition specialised to
// that type (simplify.ts: `evt.type` checks become constants), so the `evt.type in (open, openat,
// openat2)` that every file macro repeats is not evaluated again per rule, and branches written for
// other types disappear. Rules whose specialised condition is constant false are dropped from the plan.
// Types no rule names all specialise alike, so they share one plan: the number of compiled plans is
// bounded by the rules, not by the event stream.
import { generate } from './condition/codegen.js';
import { compileCondition, type Predicate } from './condition/compile.js';
import { hasType } from './condition/evttypes.js';
import { reorder } from './condition/reorder.js';
import { namedEventTypes, simplify } from './condition/simplify.js';
import type { FieldSource } from './fields/types.js';
import type { CompiledRule } from './ruleset.js';

export interface TypePlan {
  /** Candidate rules in load order (those that can still match events of this type). */
  rules: CompiledRule[];
  /** `preds[i]` is `rules[i]`'s condition specialised to this type. */
  preds: Predicate<never>[];
}

export class TypePlans {
  private readonly named = new Set<string>();
  /** A type string no rule names: it stands for every such type. */
  private readonly other: string;
  private readonly plans = new Map<string, TypePlan>();

  /** `rules`: the enabled syscall rules in load order. */
  constructor(
    private readonly rules: readonly CompiledRule[],
    private readonly src: FieldSource<never> | undefined,
  ) {
    for (const r of rules) if (r.ast) namedEventTypes(r.ast, this.named);
    let other = '';
    while (this.named.has(other)) other += '?';
    this.other = other;
  }

  /** The plan for events whose `evt.type` is the string `type`. */
  get(type: string): TypePlan {
    const key = this.named.has(type) ? type : this.other;
    let plan = this.plans.get(key);
    if (!plan) {
      plan = this.build(key);
      this.plans.set(key, plan);
    }
    return plan;
  }

  private build(type: string): TypePlan {
    const plan: TypePlan = { rules: [], preds: [] };
    for (const r of this.rules) {
      if (!hasType(r.eventTypes, type)) continue;
      const pred = this.specialise(r, type);
      if (pred === false) continue;
      plan.rules.push(r);
      plan.preds.push(pred);
    }
    return plan;
  }

  private specialise(r: CompiledRule, type: string): Predicate<never> | false {
    if (!r.ast || !this.src) return r.predicate;
    const ast = simplify(r.ast, { evtType: type });
    if (ast.kind === 'const' && !ast.value) return false;
    try {
      const ordered = reorder(ast, this.src as FieldSource<unknown>);
      return generate(ordered, this.src) ?? compileCondition(ordered, this.src).predicate;
    } catch {
      // Cannot happen for a condition that compiled unspecialised (the result is a sub-tree of it),
      // but the generic predicate is always correct.
      return r.predicate;
    }
  }
}

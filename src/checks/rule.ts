// Rules as data (architecture.md convention 5): one file per rule, `defineRule({...})`, listed in an
// explicit registry per family. Each rule carries peer-tool ids (`refs`), its documentation and a
// good and a bad example that a shared test runs through the real scanner of its family.
import type { Severity } from '../core/severity.js';
import type { FieldPath } from './kubernetes/pss/types.js';

export type RuleFamily = 'k8s' | 'dockerfile' | 'compose' | 'oci' | 'image';

export interface RuleDocs {
  /** Why the control matters, in a paragraph. */
  description: string;
  /** What to change, concretely. */
  remediation: string;
  /** Specs and peer documentation. */
  references?: string[];
}

/** One finding a rule reports; the scanner adds file, rule id, severity and title. */
export interface RuleHit {
  message: string;
  /** Field path inside the YAML/JSON document, resolved to a line by the scanner. */
  path?: FieldPath;
  /** Line, for formats without paths (Dockerfile). */
  line?: number;
  /** Object the finding is about, when the scanner's default is not precise enough. */
  resource?: string;
}

export interface Rule<Ctx> {
  /** `<family>:<name>`, where name is the rule's file name. */
  id: string;
  family: RuleFamily;
  /** Peer tool ids for the same control: KSV-0012, CKV_K8S_23, DL3002, DS-0002, CIS-DI-0001, kubesec … */
  refs: string[];
  severity: Severity;
  title: string;
  docs: RuleDocs;
  /** Rules that fire unless a file opts in (e.g. a matching NetworkPolicy) may need every object. */
  check(ctx: Ctx): RuleHit[];
  /** Inputs in the family's file format: each good one yields no hit, each bad one at least one. */
  examples: { good: string[]; bad: string[] };
}

export function defineRule<Ctx>(rule: Rule<Ctx>): Rule<Ctx> {
  if (!rule.id.startsWith(`${rule.family}:`)) {
    throw new Error(`rule ${rule.id} must be named ${rule.family}:<name>`);
  }
  return Object.freeze(rule);
}

/** Registry guard: ids unique and each equal to its registry key. */
export function checkRegistry<Ctx>(
  family: RuleFamily,
  rules: Record<string, Rule<Ctx>>,
): Record<string, Rule<Ctx>> {
  const seen = new Set<string>();
  for (const [name, r] of Object.entries(rules)) {
    if (r.id !== `${family}:${name}`) throw new Error(`registry key ${name} does not match rule id ${r.id}`);
    if (seen.has(r.id)) throw new Error(`duplicate rule id ${r.id}`);
    seen.add(r.id);
  }
  return rules;
}

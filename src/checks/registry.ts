// Every rule family with its registry, for docs generation, the cross-reference table and tests.
import { composeRules } from './compose/rules/api.js';
import { dockerfileRules } from './dockerfile/rules/api.js';
import { imageRules } from './image/rules/api.js';
import { k8sRules } from './kubernetes/rules/api.js';
import { ociRules } from './oci/rules/api.js';
import type { Rule, RuleFamily } from './rule.js';

export interface FamilyInfo {
  family: RuleFamily;
  /** Folder of the rule files, relative to src/checks. */
  dir: string;
  title: string;
  rules: Record<string, Rule<never>>;
}

export const RULE_FAMILIES: FamilyInfo[] = [
  {
    family: 'k8s',
    dir: 'kubernetes/rules',
    title: 'Kubernetes',
    rules: k8sRules as Record<string, Rule<never>>,
  },
  {
    family: 'dockerfile',
    dir: 'dockerfile/rules',
    title: 'Dockerfile',
    rules: dockerfileRules as Record<string, Rule<never>>,
  },
  {
    family: 'compose',
    dir: 'compose/rules',
    title: 'Docker Compose',
    rules: composeRules as Record<string, Rule<never>>,
  },
  {
    family: 'oci',
    dir: 'oci/rules',
    title: 'OCI runtime bundle',
    rules: ociRules as Record<string, Rule<never>>,
  },
  {
    family: 'image',
    dir: 'image/rules',
    title: 'Container image',
    rules: imageRules as Record<string, Rule<never>>,
  },
];

export function allRules(): Rule<never>[] {
  return RULE_FAMILIES.flatMap((f) => Object.values(f.rules));
}

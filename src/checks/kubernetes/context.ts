// What a Kubernetes rule sees: one pod template of one object, plus every object scanned with it
// (for rules that need other objects, such as NetworkPolicies). Paths in hits are relative to the
// object; the scanner prefixes the object's path in its document and resolves lines.
import type { RuleHit } from '../rule.js';
import type { K8sObject, PodTemplate } from './objects.js';
import { pssChecks } from './pss/api.js';
import type { ContainerLike, FieldPath, PodSpecLike, SecurityContextLike } from './pss/types.js';
import { containerName, isObject, specOf, visitContainers } from './pss/visit.js';

export interface K8sContext {
  object: K8sObject;
  template: PodTemplate;
  all: readonly K8sObject[];
}

export interface ContainerRef {
  container: ContainerLike;
  name: string;
  /** Path of the container in the object. */
  path: FieldPath;
  /** 'containers', 'initContainers' or 'ephemeralContainers'. */
  field: string;
}

export function podSpec(ctx: K8sContext): PodSpecLike {
  return specOf(ctx.template.pod) ?? {};
}

export function podSecurityContext(ctx: K8sContext): SecurityContextLike {
  const sc = podSpec(ctx).securityContext;
  return isObject(sc) ? sc : {};
}

/** Path inside the object of a path given relative to the pod template. */
export function at(ctx: K8sContext, path: FieldPath): FieldPath {
  return [...ctx.template.path, ...path];
}

export function containers(ctx: K8sContext, opts: { ephemeral?: boolean } = {}): ContainerRef[] {
  const out: ContainerRef[] = [];
  visitContainers(ctx.template.pod, (c, path) => {
    const field = String(path[1]);
    if (field === 'ephemeralContainers' && !opts.ephemeral) return;
    out.push({ container: c, name: containerName(c), path: at(ctx, path), field });
  });
  return out;
}

export function securityContext(c: ContainerLike): SecurityContextLike {
  return isObject(c.securityContext) ? c.securityContext : {};
}

export function label(ref: ContainerRef): string {
  const kind =
    ref.field === 'initContainers'
      ? 'init container'
      : ref.field === 'ephemeralContainers'
        ? 'ephemeral container'
        : 'container';
  return `${kind} "${ref.name}"`;
}

/**
 * A rule check that runs one Pod Security Standards check at its newest version, so the extended
 * rule and `--pss` can never disagree on what a control means.
 */
export function fromPss(checkId: string): (ctx: K8sContext) => RuleHit[] {
  const check = pssChecks[checkId];
  if (!check) throw new Error(`no PSS check ${checkId}`);
  const fn = check.versions[check.versions.length - 1]!.checkPod;
  return (ctx) => {
    const v = fn(ctx.template.pod);
    if (!v) return [];
    return [{ message: `${v.reason}: ${v.detail}`, path: at(ctx, v.paths[0] ?? ['spec']) }];
  };
}

export function capList(value: unknown): string[] {
  return Array.isArray(value) ? value.map((c) => String(c).toUpperCase().replace(/^CAP_/, '')) : [];
}

// Helpers shared by the PSS checks: visiting containers in upstream order and quoting names.
// ref: pod-security-admission policy/visitor.go (initContainers, containers, ephemeralContainers).
import type { ContainerLike, FieldPath, PodLike, PodSpecLike } from './types.js';

const EMPTY: readonly unknown[] = [];

/** The value as an array, or an empty one: decoded input may put anything anywhere. */
export function list(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : EMPTY;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const CONTAINER_FIELDS = ['initContainers', 'containers', 'ephemeralContainers'] as const;

export type ContainerVisitor = (c: ContainerLike, path: FieldPath) => void;

/** Call `visit` for every container object, with its path from the pod root. */
export function visitContainers(pod: PodLike, visit: ContainerVisitor): void {
  const spec = pod.spec;
  if (!isObject(spec)) return;
  for (const field of CONTAINER_FIELDS) {
    const items = list((spec as PodSpecLike)[field]);
    for (let i = 0; i < items.length; i++) {
      const c = items[i];
      if (isObject(c)) visit(c as ContainerLike, ['spec', field, i]);
    }
  }
}

export function containerName(c: ContainerLike): string {
  return typeof c.name === 'string' ? c.name : '';
}

/** `"a", "b"` as PSA quotes lists in its messages. */
export function joinQuote(items: readonly string[]): string {
  return items.length ? `"${items.join('", "')}"` : '';
}

export function plural(singular: string, pluralForm: string, n: number): string {
  return n === 1 ? singular : pluralForm;
}

/** Sorted unique strings, for deterministic messages (PSA uses sorted sets). */
export function sortedUnique(items: Iterable<string>): string[] {
  return [...new Set(items)].sort();
}

/** `hostUsers: false` puts the pod in a user namespace; PSS relaxes some checks for it from v1.35. */
export function inUserNamespace(pod: PodLike): boolean {
  return isObject(pod.spec) && pod.spec.hostUsers === false;
}

/** `spec.os.name: windows` exempts Linux-only restricted checks from v1.25. */
export function isWindowsPod(pod: PodLike): boolean {
  return isObject(pod.spec) && isObject(pod.spec.os) && pod.spec.os.name === 'windows';
}

export function str(value: unknown): string {
  return typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value);
}

/** The pod spec when it is an object, else undefined. */
export function specOf(pod: PodLike): PodSpecLike | undefined {
  const s = pod.spec;
  return typeof s === 'object' && s !== null && !Array.isArray(s) ? s : undefined;
}

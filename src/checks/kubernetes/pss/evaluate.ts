// Evaluating a pod against a Pod Security Standards level and version. Pure and allocation-light,
// because the admission webhook calls it on every request.
// ref: pod-security-admission policy/registry.go: per version, baseline runs every baseline check;
// restricted runs every restricted check plus the baseline checks no restricted check overrides.
// Checks run baseline first, then restricted, each sorted by id, as upstream orders its messages.
import { pssChecks } from './api.js';
import type { CheckPodFn, PodLike, PssCheck, PssViolation } from './types.js';
import type { LevelVersion } from './version.js';

export interface CheckTable {
  /** Newest minor version any check changes at; later versions evaluate as this one. */
  maxMinor: number;
  baseline: CheckPodFn[][];
  restricted: CheckPodFn[][];
}

/** The check implementation in force at `minor`, or undefined before the check existed. */
function versionAt(check: PssCheck, minor: number) {
  let found;
  for (const v of check.versions) if (v.minimumMinor <= minor) found = v;
  return found;
}

export function buildTable(checks: Record<string, PssCheck> = pssChecks): CheckTable {
  const all = Object.values(checks);
  for (const [id, c] of Object.entries(checks)) {
    if (id !== c.id) throw new Error(`PSS check registered as ${id} has id ${c.id}`);
    for (let i = 1; i < c.versions.length; i++) {
      if (c.versions[i]!.minimumMinor <= c.versions[i - 1]!.minimumMinor) {
        throw new Error(`PSS check ${c.id}: versions must be strictly increasing`);
      }
    }
  }
  const maxMinor = Math.max(...all.map((c) => c.versions[c.versions.length - 1]!.minimumMinor));
  const byId = (a: PssCheck, b: PssCheck) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  const baselineChecks = all.filter((c) => c.level === 'baseline').sort(byId);
  const restrictedChecks = all.filter((c) => c.level === 'restricted').sort(byId);
  const table: CheckTable = { maxMinor, baseline: [], restricted: [] };
  for (let minor = 0; minor <= maxMinor; minor++) {
    const overridden = new Set<string>();
    for (const c of restrictedChecks)
      for (const id of versionAt(c, minor)?.overrides ?? []) overridden.add(id);
    const baseline: CheckPodFn[] = [];
    const restricted: CheckPodFn[] = [];
    for (const c of baselineChecks) {
      const v = versionAt(c, minor);
      if (!v) continue;
      baseline.push(v.checkPod);
      if (!overridden.has(c.id)) restricted.push(v.checkPod);
    }
    for (const c of restrictedChecks) {
      const v = versionAt(c, minor);
      if (v) restricted.push(v.checkPod);
    }
    table.baseline.push(baseline);
    table.restricted.push(restricted);
  }
  return table;
}

let defaultTable: CheckTable | undefined;

function table(): CheckTable {
  return (defaultTable ??= buildTable());
}

/** The newest policy version this build knows (what `latest` means). */
export function latestMinor(): number {
  return table().maxMinor;
}

/** The check functions for a level and version, resolved once; call the result per pod. */
export function checksFor(lv: LevelVersion): CheckPodFn[] {
  const t = table();
  const minor = lv.version === 'latest' || lv.version > t.maxMinor ? t.maxMinor : lv.version;
  return (lv.level === 'baseline' ? t.baseline : t.restricted)[minor]!;
}

/** Every violation of the pod at that level and version; empty means allowed. */
export function evaluatePod(lv: LevelVersion, pod: PodLike): PssViolation[] {
  return runChecks(checksFor(lv), pod);
}

export function runChecks(fns: readonly CheckPodFn[], pod: PodLike): PssViolation[] {
  const out: PssViolation[] = [];
  for (const fn of fns) {
    const v = fn(pod);
    if (v) out.push(v);
  }
  return out;
}

// ref: pod-security-admission policy/check_hostProbesAndhostLifecycle.go — baseline, v1.34+.
// httpGet.host and tcpSocket.host of liveness/readiness/startup probes and of lifecycle
// postStart/preStop handlers must be "" or undefined (a host lets a pod make the kubelet probe
// arbitrary addresses).
import type { FieldPath, HandlerLike, PodLike, PssCheck, PssViolation } from '../types.js';
import { containerName, isObject, joinQuote, plural, sortedUnique, str, visitContainers } from '../visit.js';

function hosts(
  handler: HandlerLike | null | undefined,
  at: FieldPath,
  out: string[],
  paths: FieldPath[],
): boolean {
  if (!isObject(handler)) return false;
  let bad = false;
  for (const kind of ['httpGet', 'tcpSocket'] as const) {
    const h = handler[kind];
    if (isObject(h)) {
      const host = str(h.host);
      if (host !== '') {
        out.push(host);
        paths.push([...at, kind, 'host']);
        bad = true;
      }
    }
  }
  return bad;
}

function hostProbesAndHostLifecycle(pod: PodLike): PssViolation | null {
  const bad = new Set<string>();
  const found: string[] = [];
  const paths: FieldPath[] = [];
  visitContainers(pod, (c, path) => {
    for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe'] as const) {
      if (hosts(c[probe], [...path, probe], found, paths)) bad.add(containerName(c));
    }
    const lc = c.lifecycle;
    if (isObject(lc)) {
      for (const h of ['postStart', 'preStop'] as const) {
        if (hosts(lc[h], [...path, 'lifecycle', h], found, paths)) bad.add(containerName(c));
      }
    }
  });
  if (!bad.size) return null;
  const names = sortedUnique(bad);
  const uniq = sortedUnique(found);
  return {
    checkId: 'hostProbesAndHostLifecycle',
    reason: 'probe or lifecycle host',
    detail: `${plural('container', 'containers', names.length)} ${joinQuote(names)} ${plural('uses', 'use', names.length)} ${plural('probe or lifecycle host', 'probe or lifecycle hosts', uniq.length)} ${joinQuote(uniq)}`,
    paths,
  };
}

export const check: PssCheck = {
  id: 'hostProbesAndHostLifecycle',
  level: 'baseline',
  versions: [{ minimumMinor: 34, checkPod: hostProbesAndHostLifecycle }],
};

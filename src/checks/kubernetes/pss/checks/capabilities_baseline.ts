// ref: pod-security-admission policy/check_capabilities_baseline.go — baseline, v1.0+.
// capabilities.add may only hold the container runtime's default set.
import type { FieldPath, PodLike, PssCheck, PssViolation } from '../types.js';
import { containerName, joinQuote, list, plural, sortedUnique, str, visitContainers } from '../visit.js';

/** The default capability set of container runtimes, which baseline allows to be added back. */
export const BASELINE_CAPABILITIES: ReadonlySet<string> = new Set([
  'AUDIT_WRITE',
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'KILL',
  'MKNOD',
  'NET_BIND_SERVICE',
  'SETFCAP',
  'SETGID',
  'SETPCAP',
  'SETUID',
  'SYS_CHROOT',
]);

function capabilitiesBaseline(pod: PodLike): PssViolation | null {
  const bad: string[] = [];
  const caps: string[] = [];
  const paths: FieldPath[] = [];
  visitContainers(pod, (c, path) => {
    const add = list(c.securityContext?.capabilities?.add);
    let ok = true;
    for (let i = 0; i < add.length; i++) {
      const cap = str(add[i]);
      if (!BASELINE_CAPABILITIES.has(cap)) {
        ok = false;
        caps.push(cap);
        paths.push([...path, 'securityContext', 'capabilities', 'add', i]);
      }
    }
    if (!ok) bad.push(containerName(c));
  });
  if (!bad.length) return null;
  return {
    checkId: 'capabilities_baseline',
    reason: 'non-default capabilities',
    detail: `${plural('container', 'containers', bad.length)} ${joinQuote(bad)} must not include ${joinQuote(sortedUnique(caps))} in securityContext.capabilities.add`,
    paths,
  };
}

export const check: PssCheck = {
  id: 'capabilities_baseline',
  level: 'baseline',
  versions: [{ minimumMinor: 0, checkPod: capabilitiesBaseline }],
};

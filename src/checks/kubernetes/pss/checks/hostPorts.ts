// ref: pod-security-admission policy/check_hostPorts.go — baseline, v1.0+.
// containers[*].ports[*].hostPort must be undefined or 0.
import type { FieldPath, PodLike, PssCheck, PssViolation } from '../types.js';
import { containerName, isObject, joinQuote, list, plural, sortedUnique, visitContainers } from '../visit.js';

function hostPorts(pod: PodLike): PssViolation | null {
  const bad: string[] = [];
  const ports: string[] = [];
  const paths: FieldPath[] = [];
  visitContainers(pod, (c, path) => {
    const ps = list(c.ports);
    let ok = true;
    for (let i = 0; i < ps.length; i++) {
      const p = ps[i];
      if (!isObject(p)) continue;
      const hp = p.hostPort;
      if (hp !== undefined && hp !== null && hp !== 0) {
        ok = false;
        ports.push(String(hp));
        paths.push([...path, 'ports', i, 'hostPort']);
      }
    }
    if (!ok) bad.push(containerName(c));
  });
  if (!bad.length) return null;
  const uniq = sortedUnique(ports);
  return {
    checkId: 'hostPorts',
    reason: 'hostPort',
    detail: `${plural('container', 'containers', bad.length)} ${joinQuote(bad)} ${plural('uses', 'use', bad.length)} ${plural('hostPort', 'hostPorts', uniq.length)} ${uniq.join(', ')}`,
    paths,
  };
}

export const check: PssCheck = {
  id: 'hostPorts',
  level: 'baseline',
  versions: [{ minimumMinor: 0, checkPod: hostPorts }],
};

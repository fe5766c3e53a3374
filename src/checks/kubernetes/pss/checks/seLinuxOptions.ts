// ref: pod-security-admission policy/check_seLinuxOptions.go — baseline, v1.0+.
// seLinuxOptions.type (pod, containers): "", container_t, container_init_t, container_kvm_t;
// container_engine_t too from v1.31. seLinuxOptions.user and .role must be empty.
import type { FieldPath, PodLike, PssCheck, PssViolation } from '../types.js';
import {
  containerName,
  isObject,
  joinQuote,
  plural,
  sortedUnique,
  str,
  visitContainers,
  specOf,
} from '../visit.js';

const TYPES_1_0: ReadonlySet<string> = new Set(['', 'container_t', 'container_init_t', 'container_kvm_t']);
const TYPES_1_31: ReadonlySet<string> = new Set([...TYPES_1_0, 'container_engine_t']);

function seLinuxOptions(allowed: ReadonlySet<string>) {
  return (pod: PodLike): PssViolation | null => {
    const setters: string[] = [];
    const badTypes: string[] = [];
    const paths: FieldPath[] = [];
    let setUser = false;
    let setRole = false;
    const valid = (opts: Record<string, unknown>, at: FieldPath): boolean => {
      let ok = true;
      const type = str(opts.type);
      if (!allowed.has(type)) {
        ok = false;
        badTypes.push(type);
        paths.push([...at, 'type']);
      }
      if (str(opts.user).length > 0) {
        ok = false;
        setUser = true;
        paths.push([...at, 'user']);
      }
      if (str(opts.role).length > 0) {
        ok = false;
        setRole = true;
        paths.push([...at, 'role']);
      }
      return ok;
    };
    const podOpts = specOf(pod)?.securityContext?.seLinuxOptions;
    if (isObject(podOpts) && !valid(podOpts, ['spec', 'securityContext', 'seLinuxOptions']))
      setters.push('pod');
    const bad: string[] = [];
    visitContainers(pod, (c, path) => {
      const o = c.securityContext?.seLinuxOptions;
      if (isObject(o) && !valid(o, [...path, 'securityContext', 'seLinuxOptions']))
        bad.push(containerName(c));
    });
    if (bad.length) setters.push(`${plural('container', 'containers', bad.length)} ${joinQuote(bad)}`);
    if (!setters.length) return null;
    const data: string[] = [];
    const types = sortedUnique(badTypes);
    if (types.length) data.push(`${plural('type', 'types', types.length)} ${joinQuote(types)}`);
    if (setUser) data.push('user may not be set');
    if (setRole) data.push('role may not be set');
    return {
      checkId: 'seLinuxOptions',
      reason: 'seLinuxOptions',
      detail: `${setters.join(' and ')} set forbidden securityContext.seLinuxOptions: ${data.join('; ')}`,
      paths,
    };
  };
}

export const check: PssCheck = {
  id: 'seLinuxOptions',
  level: 'baseline',
  versions: [
    { minimumMinor: 0, checkPod: seLinuxOptions(TYPES_1_0) },
    { minimumMinor: 31, checkPod: seLinuxOptions(TYPES_1_31) },
  ],
};

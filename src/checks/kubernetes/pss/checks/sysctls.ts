// ref: pod-security-admission policy/check_sysctls.go — baseline.
// spec.securityContext.sysctls[*].name must be in the safe set of the policy version.
import type { FieldPath, PodLike, PssCheck, PssViolation } from '../types.js';
import { isObject, list, str, specOf } from '../visit.js';

const V1_0 = [
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
  'net.ipv4.ip_unprivileged_port_start',
];
const V1_27 = [...V1_0, 'net.ipv4.ip_local_reserved_ports'];
const V1_29 = [
  ...V1_27,
  'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
];
const V1_32 = [...V1_29, 'net.ipv4.tcp_rmem', 'net.ipv4.tcp_wmem'];
const V1_37 = [...V1_32, 'net.ipv4.tcp_slow_start_after_idle', 'net.ipv4.tcp_notsent_lowat'];

/** The safe sysctls of the newest policy version (used by the extended rule). */
export const SAFE_SYSCTLS_LATEST: ReadonlySet<string> = new Set(V1_37);

function sysctls(allowed: ReadonlySet<string>) {
  return (pod: PodLike): PssViolation | null => {
    const spec = specOf(pod);
    if (!spec) return null;
    const items = list(spec.securityContext?.sysctls);
    const bad: string[] = [];
    const paths: FieldPath[] = [];
    for (let i = 0; i < items.length; i++) {
      const s = items[i];
      const name = isObject(s) ? str(s.name) : '';
      if (!allowed.has(name)) {
        bad.push(name);
        paths.push(['spec', 'securityContext', 'sysctls', i, 'name']);
      }
    }
    if (!bad.length) return null;
    return { checkId: 'sysctls', reason: 'forbidden sysctls', detail: bad.join(', '), paths };
  };
}

export const check: PssCheck = {
  id: 'sysctls',
  level: 'baseline',
  versions: [
    { minimumMinor: 0, checkPod: sysctls(new Set(V1_0)) },
    { minimumMinor: 27, checkPod: sysctls(new Set(V1_27)) },
    { minimumMinor: 29, checkPod: sysctls(new Set(V1_29)) },
    { minimumMinor: 32, checkPod: sysctls(new Set(V1_32)) },
    { minimumMinor: 37, checkPod: sysctls(SAFE_SYSCTLS_LATEST) },
  ],
};

// Which Bulwark rules cover each control of the shared peer catalogues
// (shared/fixtures/k8s/rule-union.csv and dockerfile-rule-union.csv). A test checks every row is
// here, every rule named exists, and the peer ids of each row appear in those rules' refs.

export const K8S_CONTROLS: Record<string, string[]> = {
  privileged: ['k8s:privileged', 'pss:privileged'],
  'hostNetwork/PID/IPC': ['k8s:host-network', 'k8s:host-pid', 'k8s:host-ipc', 'pss:hostNamespaces'],
  hostPath: ['k8s:host-path', 'k8s:docker-socket', 'k8s:sensitive-host-path', 'pss:hostPathVolumes'],
  hostPort: ['k8s:host-port', 'pss:hostPorts'],
  'capabilities add (baseline set / NET_RAW / SYS_ADMIN)': [
    'k8s:capabilities-added',
    'k8s:net-raw',
    'k8s:sys-admin',
    'pss:capabilities_baseline',
  ],
  'drop ALL + only NET_BIND_SERVICE': ['k8s:drop-all-capabilities', 'pss:capabilities_restricted'],
  AppArmor: ['k8s:apparmor-unconfined', 'k8s:apparmor-not-set', 'pss:appArmorProfile'],
  SELinux: ['k8s:selinux-options', 'pss:seLinuxOptions'],
  procMount: ['k8s:proc-mount', 'pss:procMount', 'pss:procMount_restricted'],
  seccomp: [
    'k8s:seccomp-unconfined',
    'k8s:seccomp-not-set',
    'pss:seccompProfile_baseline',
    'pss:seccompProfile_restricted',
  ],
  sysctls: ['k8s:sysctls', 'pss:sysctls'],
  'windows hostProcess': ['k8s:windows-host-process', 'pss:windowsHostProcess'],
  'probe/lifecycle host': ['k8s:host-probes', 'pss:hostProbesAndHostLifecycle'],
  'volume types': ['k8s:restricted-volumes', 'pss:restrictedVolumes'],
  allowPrivilegeEscalation: ['k8s:allow-privilege-escalation', 'pss:allowPrivilegeEscalation'],
  runAsNonRoot: ['k8s:run-as-non-root', 'pss:runAsNonRoot'],
  'runAsUser!=0': ['k8s:run-as-root-uid', 'pss:runAsUser'],
  'UID/GID>10000': ['k8s:low-uid', 'k8s:low-gid'],
  readOnlyRootFilesystem: ['k8s:read-only-root-filesystem'],
  'resources requests/limits': [
    'k8s:cpu-requests',
    'k8s:cpu-limits',
    'k8s:memory-requests',
    'k8s:memory-limits',
  ],
  'image tag latest / digest': ['k8s:image-tag-latest', 'k8s:image-digest'],
  'pullPolicy Always': ['k8s:image-pull-policy'],
  'SA token automount': ['k8s:automount-service-account-token'],
  'secrets as env': ['k8s:secrets-in-env'],
  'default namespace': ['k8s:default-namespace'],
  'NetworkPolicy targets pod': ['k8s:network-policy'],
  'hostUsers:false (userns)': ['k8s:host-users'],
};

export const DOCKERFILE_CONTROLS: Record<string, string[]> = {
  'last USER not root / user created': ['dockerfile:user-root', 'dockerfile:user-missing', 'image:user-root'],
  'HEALTHCHECK present': ['dockerfile:healthcheck-missing', 'image:healthcheck-missing'],
  'COPY not ADD': ['dockerfile:add-instead-of-copy'],
  'update alone / apt lists': ['dockerfile:update-alone', 'dockerfile:apt-lists-not-removed'],
  'latest / untagged base': ['dockerfile:latest-base-image', 'dockerfile:untagged-base-image'],
  sudo: ['dockerfile:sudo'],
  'MAINTAINER deprecated': ['dockerfile:maintainer'],
  'port 22 exposed': ['dockerfile:expose-ssh'],
  'port range': ['dockerfile:port-range'],
  'WORKDIR absolute': ['dockerfile:workdir-relative'],
  'duplicate FROM alias': ['dockerfile:duplicate-stage-name'],
  'COPY --from own alias': ['dockerfile:copy-from-own-stage'],
  'apk --no-cache': ['dockerfile:apk-no-cache'],
  'dist-upgrade': ['dockerfile:dist-upgrade'],
  'apt-get -y / --no-install-recommends': [
    'dockerfile:apt-get-missing-yes',
    'dockerfile:apt-get-no-install-recommends',
  ],
  'secrets in ENV/ARG/files': ['dockerfile:secrets', 'image:secrets-in-config'],
  'setuid/setgid files (image)': ['image:setuid-setgid'],
  'content trust': ['dockerfile:base-image-not-pinned'],
  'empty password / dup UID (image /etc)': ['image:empty-password', 'image:duplicate-id'],
  'sensitive VOLUME (/sys /dev /proc)': ['dockerfile:sensitive-volume'],
};

/** Peer ids in a CSV cell, with shorthand expanded: `KSV-0009/0010`, `CKV_K8S_19/17`, `CKV_K8S_10-13`. */
export function peerIds(cell: string): string[] {
  const out: string[] = [];
  const re = /(KSV-|DS-|CIS-DI-|DKL-[A-Z]{2}-|CKV_K8S_|CKV_DOCKER_|DL)(\d+)((?:[/-]\d+)*)/g;
  for (const m of cell.matchAll(re)) {
    const prefix = m[1]!;
    const first = m[2]!;
    const width = prefix.startsWith('CKV') ? 0 : first.length;
    const fmt = (n: number) => prefix + (width ? String(n).padStart(width, '0') : String(n));
    out.push(prefix + first);
    let prev = Number(first);
    for (const part of (m[3] ?? '').match(/[/-]\d+/g) ?? []) {
      const n = Number(part.slice(1));
      if (part[0] === '-') for (let k = prev + 1; k <= n; k++) out.push(fmt(k));
      else out.push(fmt(n));
      prev = n;
    }
  }
  return [...new Set(out)];
}

// The explicit registry of extended Kubernetes rules: name → rule. A test checks it equals the folder
// listing and every rule has docs and examples.
import { checkRegistry, type Rule } from '../../rule.js';
import type { K8sContext } from '../context.js';
import { rule as allowPrivilegeEscalation } from './allow-privilege-escalation.js';
import { rule as apparmorNotSet } from './apparmor-not-set.js';
import { rule as apparmorUnconfined } from './apparmor-unconfined.js';
import { rule as automountServiceAccountToken } from './automount-service-account-token.js';
import { rule as capabilitiesAdded } from './capabilities-added.js';
import { rule as cpuLimits } from './cpu-limits.js';
import { rule as cpuRequests } from './cpu-requests.js';
import { rule as defaultNamespace } from './default-namespace.js';
import { rule as dockerSocket } from './docker-socket.js';
import { rule as dropAllCapabilities } from './drop-all-capabilities.js';
import { rule as hostIpc } from './host-ipc.js';
import { rule as hostNetwork } from './host-network.js';
import { rule as hostPath } from './host-path.js';
import { rule as hostPid } from './host-pid.js';
import { rule as hostPort } from './host-port.js';
import { rule as hostProbes } from './host-probes.js';
import { rule as hostUsers } from './host-users.js';
import { rule as imageDigest } from './image-digest.js';
import { rule as imageTagLatest } from './image-tag-latest.js';
import { rule as imagePullPolicy } from './image-pull-policy.js';
import { rule as lowGid } from './low-gid.js';
import { rule as lowUid } from './low-uid.js';
import { rule as memoryLimits } from './memory-limits.js';
import { rule as memoryRequests } from './memory-requests.js';
import { rule as netRaw } from './net-raw.js';
import { rule as networkPolicy } from './network-policy.js';
import { rule as privileged } from './privileged.js';
import { rule as procMount } from './proc-mount.js';
import { rule as readOnlyRootFilesystem } from './read-only-root-filesystem.js';
import { rule as restrictedVolumes } from './restricted-volumes.js';
import { rule as runAsNonRoot } from './run-as-non-root.js';
import { rule as runAsRootUid } from './run-as-root-uid.js';
import { rule as seccompNotSet } from './seccomp-not-set.js';
import { rule as seccompUnconfined } from './seccomp-unconfined.js';
import { rule as secretsInEnv } from './secrets-in-env.js';
import { rule as selinuxOptions } from './selinux-options.js';
import { rule as sensitiveHostPath } from './sensitive-host-path.js';
import { rule as sysAdmin } from './sys-admin.js';
import { rule as sysctls } from './sysctls.js';
import { rule as windowsHostProcess } from './windows-host-process.js';

export const k8sRules: Record<string, Rule<K8sContext>> = checkRegistry('k8s', {
  'allow-privilege-escalation': allowPrivilegeEscalation,
  'apparmor-not-set': apparmorNotSet,
  'apparmor-unconfined': apparmorUnconfined,
  'automount-service-account-token': automountServiceAccountToken,
  'capabilities-added': capabilitiesAdded,
  'cpu-limits': cpuLimits,
  'cpu-requests': cpuRequests,
  'default-namespace': defaultNamespace,
  'docker-socket': dockerSocket,
  'drop-all-capabilities': dropAllCapabilities,
  'host-ipc': hostIpc,
  'host-network': hostNetwork,
  'host-path': hostPath,
  'host-pid': hostPid,
  'host-port': hostPort,
  'host-probes': hostProbes,
  'host-users': hostUsers,
  'image-digest': imageDigest,
  'image-tag-latest': imageTagLatest,
  'image-pull-policy': imagePullPolicy,
  'low-gid': lowGid,
  'low-uid': lowUid,
  'memory-limits': memoryLimits,
  'memory-requests': memoryRequests,
  'net-raw': netRaw,
  'network-policy': networkPolicy,
  privileged: privileged,
  'proc-mount': procMount,
  'read-only-root-filesystem': readOnlyRootFilesystem,
  'restricted-volumes': restrictedVolumes,
  'run-as-non-root': runAsNonRoot,
  'run-as-root-uid': runAsRootUid,
  'seccomp-not-set': seccompNotSet,
  'seccomp-unconfined': seccompUnconfined,
  'secrets-in-env': secretsInEnv,
  'selinux-options': selinuxOptions,
  'sensitive-host-path': sensitiveHostPath,
  'sys-admin': sysAdmin,
  sysctls: sysctls,
  'windows-host-process': windowsHostProcess,
});

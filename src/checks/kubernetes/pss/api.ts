// The explicit registry of Pod Security Standards checks: id → check. A test checks it equals the
// folder listing (architecture.md convention 2).
import type { PssCheck } from './types.js';
import { check as allowPrivilegeEscalation } from './checks/allowPrivilegeEscalation.js';
import { check as appArmorProfile } from './checks/appArmorProfile.js';
import { check as capabilities_baseline } from './checks/capabilities_baseline.js';
import { check as capabilities_restricted } from './checks/capabilities_restricted.js';
import { check as hostNamespaces } from './checks/hostNamespaces.js';
import { check as hostPathVolumes } from './checks/hostPathVolumes.js';
import { check as hostPorts } from './checks/hostPorts.js';
import { check as hostProbesAndHostLifecycle } from './checks/hostProbesAndHostLifecycle.js';
import { check as privileged } from './checks/privileged.js';
import { check as procMount } from './checks/procMount.js';
import { check as procMount_restricted } from './checks/procMount_restricted.js';
import { check as restrictedVolumes } from './checks/restrictedVolumes.js';
import { check as runAsNonRoot } from './checks/runAsNonRoot.js';
import { check as runAsUser } from './checks/runAsUser.js';
import { check as seLinuxOptions } from './checks/seLinuxOptions.js';
import { check as seccompProfile_baseline } from './checks/seccompProfile_baseline.js';
import { check as seccompProfile_restricted } from './checks/seccompProfile_restricted.js';
import { check as sysctls } from './checks/sysctls.js';
import { check as windowsHostProcess } from './checks/windowsHostProcess.js';

export const pssChecks: Record<string, PssCheck> = {
  allowPrivilegeEscalation,
  appArmorProfile,
  capabilities_baseline,
  capabilities_restricted,
  hostNamespaces,
  hostPathVolumes,
  hostPorts,
  hostProbesAndHostLifecycle,
  privileged,
  procMount,
  procMount_restricted,
  restrictedVolumes,
  runAsNonRoot,
  runAsUser,
  seLinuxOptions,
  seccompProfile_baseline,
  seccompProfile_restricted,
  sysctls,
  windowsHostProcess,
};

// The explicit registry of OCI runtime-bundle rules: name → rule. A test checks it equals the folder listing.
import { checkRegistry, type Rule } from '../../rule.js';
import type { OciContext } from '../context.js';
import { rule as capabilities } from './capabilities.js';
import { rule as hostNamespaces } from './host-namespaces.js';
import { rule as noNewPrivileges } from './no-new-privileges.js';
import { rule as privileged } from './privileged.js';
import { rule as rootUser } from './root-user.js';
import { rule as seccompMissing } from './seccomp-missing.js';
import { rule as sensitiveMounts } from './sensitive-mounts.js';
import { rule as writableRootfs } from './writable-rootfs.js';

export const ociRules: Record<string, Rule<OciContext>> = checkRegistry('oci', {
  capabilities: capabilities,
  'host-namespaces': hostNamespaces,
  'no-new-privileges': noNewPrivileges,
  privileged: privileged,
  'root-user': rootUser,
  'seccomp-missing': seccompMissing,
  'sensitive-mounts': sensitiveMounts,
  'writable-rootfs': writableRootfs,
});

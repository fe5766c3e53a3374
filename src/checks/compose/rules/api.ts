// The explicit registry of Compose rules: name → rule. A test checks it equals the folder listing.
import { checkRegistry, type Rule } from '../../rule.js';
import type { ComposeContext } from '../context.js';
import { rule as capabilities } from './capabilities.js';
import { rule as hostNamespaces } from './host-namespaces.js';
import { rule as imageTag } from './image-tag.js';
import { rule as noNewPrivileges } from './no-new-privileges.js';
import { rule as privileged } from './privileged.js';
import { rule as readOnly } from './read-only.js';
import { rule as sensitiveMount } from './sensitive-mount.js';
import { rule as unconfined } from './unconfined.js';
import { rule as userRoot } from './user-root.js';

export const composeRules: Record<string, Rule<ComposeContext>> = checkRegistry('compose', {
  capabilities: capabilities,
  'host-namespaces': hostNamespaces,
  'image-tag': imageTag,
  'no-new-privileges': noNewPrivileges,
  privileged: privileged,
  'read-only': readOnly,
  'sensitive-mount': sensitiveMount,
  unconfined: unconfined,
  'user-root': userRoot,
});

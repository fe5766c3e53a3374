// The explicit registry of image rules: name → rule. A test checks it equals the folder listing.
import { checkRegistry, type Rule } from '../../rule.js';
import type { ImageContext } from '../context.js';
import { rule as duplicateId } from './duplicate-id.js';
import { rule as emptyPassword } from './empty-password.js';
import { rule as healthcheckMissing } from './healthcheck-missing.js';
import { rule as packageManagerPresent } from './package-manager-present.js';
import { rule as secretsInConfig } from './secrets-in-config.js';
import { rule as setuidSetgid } from './setuid-setgid.js';
import { rule as shellPresent } from './shell-present.js';
import { rule as userRoot } from './user-root.js';
import { rule as worldWritablePath } from './world-writable-path.js';

export const imageRules: Record<string, Rule<ImageContext>> = checkRegistry('image', {
  'duplicate-id': duplicateId,
  'empty-password': emptyPassword,
  'healthcheck-missing': healthcheckMissing,
  'package-manager-present': packageManagerPresent,
  'secrets-in-config': secretsInConfig,
  'setuid-setgid': setuidSetgid,
  'shell-present': shellPresent,
  'user-root': userRoot,
  'world-writable-path': worldWritablePath,
});

// The explicit registry of Dockerfile rules: name → rule. A test checks it equals the folder listing.
import { checkRegistry, type Rule } from '../../rule.js';
import type { DockerfileContext } from '../context.js';
import { rule as addInsteadOfCopy } from './add-instead-of-copy.js';
import { rule as apkNoCache } from './apk-no-cache.js';
import { rule as aptGetMissingYes } from './apt-get-missing-yes.js';
import { rule as aptGetNoInstallRecommends } from './apt-get-no-install-recommends.js';
import { rule as aptListsNotRemoved } from './apt-lists-not-removed.js';
import { rule as baseImageNotPinned } from './base-image-not-pinned.js';
import { rule as copyFromOwnStage } from './copy-from-own-stage.js';
import { rule as distUpgrade } from './dist-upgrade.js';
import { rule as duplicateStageName } from './duplicate-stage-name.js';
import { rule as exposeSsh } from './expose-ssh.js';
import { rule as healthcheckMissing } from './healthcheck-missing.js';
import { rule as latestBaseImage } from './latest-base-image.js';
import { rule as maintainer } from './maintainer.js';
import { rule as portRange } from './port-range.js';
import { rule as secrets } from './secrets.js';
import { rule as sensitiveVolume } from './sensitive-volume.js';
import { rule as sudo } from './sudo.js';
import { rule as untaggedBaseImage } from './untagged-base-image.js';
import { rule as updateAlone } from './update-alone.js';
import { rule as userMissing } from './user-missing.js';
import { rule as userRoot } from './user-root.js';
import { rule as workdirRelative } from './workdir-relative.js';

export const dockerfileRules: Record<string, Rule<DockerfileContext>> = checkRegistry('dockerfile', {
  'add-instead-of-copy': addInsteadOfCopy,
  'apk-no-cache': apkNoCache,
  'apt-get-missing-yes': aptGetMissingYes,
  'apt-get-no-install-recommends': aptGetNoInstallRecommends,
  'apt-lists-not-removed': aptListsNotRemoved,
  'base-image-not-pinned': baseImageNotPinned,
  'copy-from-own-stage': copyFromOwnStage,
  'dist-upgrade': distUpgrade,
  'duplicate-stage-name': duplicateStageName,
  'expose-ssh': exposeSsh,
  'healthcheck-missing': healthcheckMissing,
  'latest-base-image': latestBaseImage,
  maintainer: maintainer,
  'port-range': portRange,
  secrets: secrets,
  'sensitive-volume': sensitiveVolume,
  sudo: sudo,
  'untagged-base-image': untaggedBaseImage,
  'update-alone': updateAlone,
  'user-missing': userMissing,
  'user-root': userRoot,
  'workdir-relative': workdirRelative,
});

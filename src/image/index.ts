// Public surface of src/image (sources, walking, references). Import from here; the registry client
// has its own surface in ./registry/index.ts.
export type * from './types.js';
export { DEFAULT_LIMITS } from './types.js';
export { openImage } from './open.js';
export { parseTarget, type Target } from './target.js';
export {
  familiarReference,
  formatReference,
  parseReference,
  sameReference,
  tryParseReference,
  type ImageReference,
} from './reference.js';
export {
  DEFAULT_PLATFORM,
  formatPlatform,
  parsePlatform,
  platformMatches,
  type Platform,
} from './platform.js';
export { parseDigest, sha256, type ParsedDigest } from './digest.js';
export { walkLayerStream, type LayerWalkOutcome, type WalkLayerOptions } from './walk/walker.js';
export {
  resolvePath,
  MAX_SYMLINK_HOPS,
  type LinkInfo,
  type PathLookup,
  type ResolveOptions,
} from './walk/resolve.js';
export { cleanImagePath } from './walk/path.js';
export { resolveLimits } from './walk/limits.js';

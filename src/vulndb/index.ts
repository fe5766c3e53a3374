// The vulnerability DB's public surface for the scan, the CLI and the server.
export type {
  Advisory,
  AdvisoryRecord,
  AffectedPackage,
  AffectedRange,
  AffectedStatus,
  RangeEvent,
  SeverityEntry,
} from './model.js';
export type { AffectedHit, Dialect, FeedState, StoreStats, VulnStore, WriteCounts } from './store/types.js';
export { defaultDbPath, openStore, resolveDbLocation, type OpenOptions } from './store/open.js';
export {
  importPaths,
  type ImportOptions,
  type ImportProgress,
  type ImportResult,
} from './import/importer.js';
export { DEFAULT_LIMITS, type ImportLimits } from './import/limits.js';
export { dbStatus, formatAge, STALE_AFTER_SECONDS, type DbStatus, type StatusOptions } from './status.js';
export { resolveSeverity } from './severity.js';
export {
  updateDb,
  type FeedUpdate,
  type UpdateEvent,
  type UpdateOptions,
  type UpdateResult,
} from './update/update.js';
export { DEFAULT_ECOSYSTEMS, OSV_BUCKET } from './update/sources.js';

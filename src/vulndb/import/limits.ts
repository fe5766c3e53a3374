// Limits for untrusted input. Real data stays far below them: an OSV record is a few KiB (the largest
// Linux kernel records a few MiB), Debian's tracker JSON about 80 MiB, an OSV all.zip about 1 GiB
// unpacked. Anything beyond is treated as hostile (a bomb) and stops with LIMIT_EXCEEDED.
import { BulwarkError } from '../../core/errors.js';

export interface ImportLimits {
  /** One JSON/YAML document read whole (an OSV record, a secdb file). */
  maxDocumentBytes: number;
  /** One top-level entry of a streamed JSON document (one package of the Debian tracker). */
  maxEntryBytes: number;
  /** A JSON document streamed entry by entry (the Debian tracker). */
  maxStreamBytes: number;
  /** Bytes decompressed from one archive, all entries together. */
  maxArchiveBytes: number;
  /** Entries in one archive. */
  maxArchiveEntries: number;
  /** Decompressed / compressed size of one archive entry beyond which it is a bomb. */
  maxRatio: number;
}

export const DEFAULT_LIMITS: ImportLimits = {
  maxDocumentBytes: 32 * 1024 * 1024,
  maxEntryBytes: 64 * 1024 * 1024,
  maxStreamBytes: 1024 * 1024 * 1024,
  maxArchiveBytes: 8 * 1024 * 1024 * 1024,
  maxArchiveEntries: 2_000_000,
  maxRatio: 1000,
};

export function limitError(what: string, limit: number, name: string): BulwarkError {
  return new BulwarkError(
    'LIMIT_EXCEEDED',
    `${name}: ${what} exceeds the limit of ${formatBytes(limit)}; the input looks hostile (a decompression bomb?)`,
  );
}

export function formatBytes(n: number): string {
  if (n >= 1024 ** 3) return `${+(n / 1024 ** 3).toFixed(1)} GiB`;
  if (n >= 1024 ** 2) return `${+(n / 1024 ** 2).toFixed(1)} MiB`;
  if (n >= 1024) return `${+(n / 1024).toFixed(1)} KiB`;
  return `${n} bytes`;
}

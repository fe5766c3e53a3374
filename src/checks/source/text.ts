// Configuration files as text: strict UTF-8 with a size limit, so a binary or hostile file fails
// with one line naming the file and line instead of producing garbage findings.
import { BulwarkError } from '../../core/errors.js';

export interface SourceLimits {
  /** Largest configuration file read, in bytes. */
  maxFileBytes: number;
  /** Most YAML aliases resolved per document (billion-laughs guard). */
  maxAliasCount: number;
  /** Most YAML documents in one file. */
  maxDocuments: number;
  /** Most files one `bulwark config` run reads. */
  maxFiles: number;
}

export const DEFAULT_SOURCE_LIMITS: SourceLimits = {
  maxFileBytes: 16 * 1024 * 1024,
  maxAliasCount: 1000,
  maxDocuments: 10_000,
  maxFiles: 200_000,
};

function mib(n: number): string {
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}

export function checkSize(file: string, size: number, limits: SourceLimits): void {
  if (size > limits.maxFileBytes) {
    throw new BulwarkError(
      'LIMIT_EXCEEDED',
      `${file}:1: file is ${mib(size)}, over the ${mib(limits.maxFileBytes)} limit for configuration files; split it or check it is really a manifest`,
    );
  }
}

/** Offset of the first byte that is not valid UTF-8 (RFC 3629), or -1. */
export function firstInvalidUtf8(buf: Uint8Array): number {
  let i = 0;
  const n = buf.length;
  while (i < n) {
    const b = buf[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else return i;
    if (i + need >= n) return i;
    let cp = b & (need === 1 ? 0x1f : need === 2 ? 0x0f : 0x07);
    for (let k = 1; k <= need; k++) {
      const c = buf[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

/** Decode strict UTF-8 (a leading BOM is dropped); throws INVALID_INPUT naming the line. */
export function decodeUtf8(file: string, buf: Uint8Array): string {
  const bad = firstInvalidUtf8(buf);
  if (bad >= 0) {
    let line = 1;
    for (let i = 0; i < bad; i++) if (buf[i] === 0x0a) line++;
    const byte = buf[bad]!.toString(16).padStart(2, '0');
    throw new BulwarkError(
      'INVALID_INPUT',
      `${file}:${line}: not UTF-8 text (byte 0x${byte} at offset ${bad}); save the file as UTF-8`,
    );
  }
  const text = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength).toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

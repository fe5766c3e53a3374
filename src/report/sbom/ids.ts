// Stable identifiers for SBOM documents: name-based UUIDs and short content hashes, so the same scan
// always renders to the same bytes (reproducible SBOMs) while different scans get different ids.
import { createHash } from 'node:crypto';

/** Bulwark's namespace for name-based UUIDs (a fixed random UUID). */
const BULWARK_NS = 'b7a1e2c4-5d3f-4e8a-9c61-2f0d7b3e9a54';

/** RFC 9562 §5.5 UUID version 5 (SHA-1, name-based) of `name` in Bulwark's namespace. */
export function uuidV5(name: string, namespace: string = BULWARK_NS): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  const h = createHash('sha1').update(ns).update(name, 'utf8').digest().subarray(0, 16);
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Code-point order, independent of the process locale (localeCompare is not). */
export function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A readable slug of `text` for ids and URIs: letters, digits, `.` and `-` only. */
export function slug(text: string, max = 64): string {
  const s = text
    .replace(/[^A-Za-z0-9.-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, max);
  return s || 'unnamed';
}

// Where an OCI image's content lives: a layout directory, a layout inside a tar, or a registry.
// Stores return raw bytes; verification against the descriptor happens in one place (loadJson and
// the layer walker), so no source can forget it.
import { BulwarkError } from '../../core/errors.js';
import type { Descriptor } from '../descriptor.js';
import { verifyBuffer } from '../digest.js';
import { parseJson } from '../json.js';

export type BlobKind = 'manifest' | 'blob';

export interface BlobStore {
  /** Path or reference, for messages. */
  readonly where: string;
  /** Small content (manifest, index, config); at most `maxBytes`. Registries fetch manifests and blobs differently. */
  fetch(desc: Descriptor, kind: BlobKind, maxBytes: number): Promise<Buffer>;
  /** Stream a layer blob. */
  open(desc: Descriptor): AsyncIterable<Uint8Array>;
  /** Indexes of `descs` in the order that reads them cheapest (archive storage order). */
  readOrder?(descs: Descriptor[]): number[];
  close(): Promise<void>;
}

/** Fetch, check size and digest, parse. Every manifest, index and config goes through here. */
export async function loadJson(
  store: BlobStore,
  desc: Descriptor,
  kind: BlobKind,
  what: string,
  maxBytes: number,
): Promise<{ doc: unknown; bytes: Buffer }> {
  if (desc.size > maxBytes) {
    throw new BulwarkError(
      'LIMIT_EXCEEDED',
      `${what} ${desc.digest} is ${desc.size} bytes, more than the ${maxBytes}-byte limit (maxJsonBytes)`,
    );
  }
  const bytes = await store.fetch(desc, kind, maxBytes);
  if (bytes.length !== desc.size) {
    throw new BulwarkError(
      bytes.length < desc.size ? 'TRUNCATED' : 'DIGEST_MISMATCH',
      `${what} ${desc.digest} is ${bytes.length} bytes but its descriptor says ${desc.size}`,
    );
  }
  verifyBuffer(bytes, desc.parsed, `${what} ${desc.digest}`);
  return { doc: parseJson(bytes, `${what} ${desc.digest}`, maxBytes), bytes };
}

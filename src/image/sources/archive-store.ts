// An OCI layout stored inside a tar (oci-archive, Docker 25+ docker-archive) as a BlobStore.
import { BulwarkError } from '../../core/errors.js';
import type { Descriptor } from '../descriptor.js';
import type { Archive } from './archive.js';
import type { BlobKind, BlobStore } from './blob-store.js';

export function blobMember(d: Descriptor): string {
  return `blobs/${d.parsed.algorithm}/${d.parsed.hex}`;
}

export class ArchiveStore implements BlobStore {
  constructor(
    readonly archive: Archive,
    readonly where: string,
  ) {}

  private require(d: Descriptor): string {
    const name = blobMember(d);
    if (!this.archive.resolve(name)) {
      throw new BulwarkError(
        'NOT_FOUND',
        `${this.where}: blob ${d.digest} (${d.mediaType}) is missing from the archive; export the image again`,
      );
    }
    return name;
  }

  fetch(desc: Descriptor, _kind: BlobKind, maxBytes: number): Promise<Buffer> {
    return this.archive.readFile(this.require(desc), maxBytes);
  }

  open(desc: Descriptor): AsyncIterable<Uint8Array> {
    return this.archive.open(this.require(desc));
  }

  readOrder(descs: Descriptor[]): number[] {
    return archiveOrder(
      this.archive,
      descs.map((d) => blobMember(d)),
    );
  }

  close(): Promise<void> {
    return this.archive.close();
  }
}

/** Indexes of `members` sorted by their position in a compressed archive (identity for plain tars). */
export function archiveOrder(archive: Archive, members: string[]): number[] {
  const idx = members.map((_, i) => i);
  if (!archive.compressed) return idx;
  const pos = members.map((m) => archive.resolve(m)?.ordinal ?? Number.MAX_SAFE_INTEGER);
  return idx.sort((a, b) => pos[a]! - pos[b]!);
}

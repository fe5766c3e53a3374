// rpm's "ndb" package database (Packages.db, SUSE and others since rpm 4.16).
// ref: rpm lib/backend/ndb/rpmpkg.c: a 32-byte header ("RpmP", version 0, generation, slot page
// count), then slot pages of 16-byte slots {"Slot", pkgidx, blkoff, blkcnt}; each used slot points
// (in 16-byte blocks) at a blob {"BlbS", pkgidx, generation, bloblen} + header, padding, and a
// 12-byte tail {adler32, bloblen, "BlbE"} at the end of its blocks.
import { BulwarkError } from '../../../core/errors.js';

const MAGIC = 0x506d7052; // 'RpmP' little-endian
const SLOT_MAGIC = 0x746f6c53; // 'Slot'
const BLOB_MAGIC = 0x53626c42; // 'BlbS'
const PAGE_SIZE = 4096;
const SLOT_SIZE = 16;
const BLK_SIZE = 16;
const HEADER_SIZE = 32;
const BLOBHEAD_SIZE = 16;
const BLOBTAIL_SIZE = 12;
const MAX_BLOB = 0x4000000; // PKGDB_MAX_BLOBSIZE (64 MiB)
const MAX_SLOT_PAGES = 2048;

function bad(where: string, what: string): BulwarkError {
  return new BulwarkError('INVALID_INPUT', `${where}: corrupt ndb rpm database: ${what}`);
}

export function isNdb(buf: Buffer): boolean {
  return buf.length >= HEADER_SIZE && buf.readUInt32LE(0) === MAGIC;
}

/** Every package header blob of an ndb Packages.db held in memory, in slot order. */
export function readNdb(buf: Buffer, where: string): Buffer[] {
  if (!isNdb(buf)) throw bad(where, 'bad magic');
  if (buf.readUInt32LE(4) !== 0) throw bad(where, `unsupported version ${buf.readUInt32LE(4)}`);
  const slotPages = buf.readUInt32LE(12);
  if (slotPages === 0 || slotPages > MAX_SLOT_PAGES) throw bad(where, `${slotPages} slot pages`);
  const slotsEnd = slotPages * PAGE_SIZE;
  if (slotsEnd > buf.length) throw bad(where, 'slot pages extend past the end of the file');
  const blobs: Buffer[] = [];
  // The header occupies the first two slots of page 0.
  for (let off = HEADER_SIZE; off + SLOT_SIZE <= slotsEnd; off += SLOT_SIZE) {
    if (buf.readUInt32LE(off) !== SLOT_MAGIC) throw bad(where, `bad slot magic at offset ${off}`);
    const pkgIdx = buf.readUInt32LE(off + 4);
    if (pkgIdx === 0) continue; // free slot
    const blkOff = buf.readUInt32LE(off + 8);
    const blkCnt = buf.readUInt32LE(off + 12);
    const start = blkOff * BLK_SIZE;
    if (start < slotsEnd || start + BLOBHEAD_SIZE > buf.length)
      throw bad(where, `package ${pkgIdx} blob outside the file`);
    if (buf.readUInt32LE(start) !== BLOB_MAGIC) throw bad(where, `package ${pkgIdx} blob has a bad magic`);
    if (buf.readUInt32LE(start + 4) !== pkgIdx)
      throw bad(where, `package ${pkgIdx} blob belongs to package ${buf.readUInt32LE(start + 4)}`);
    const len = buf.readUInt32LE(start + 12);
    if (len > MAX_BLOB) throw bad(where, `package ${pkgIdx} blob of ${len} bytes`);
    if (blkCnt !== Math.ceil((BLOBHEAD_SIZE + len + BLOBTAIL_SIZE) / BLK_SIZE))
      throw bad(where, `package ${pkgIdx} block count does not match its length`);
    // The 12-byte tail {adler32, bloblen, magic} ends the last block, after any padding.
    const tail = start + blkCnt * BLK_SIZE - BLOBTAIL_SIZE;
    if (tail + BLOBTAIL_SIZE > buf.length) throw bad(where, `package ${pkgIdx} blob truncated`);
    if (buf.readUInt32LE(tail + 4) !== len)
      throw bad(where, `package ${pkgIdx} blob tail does not match its length`);
    const end = start + BLOBHEAD_SIZE + len;
    blobs.push(buf.subarray(start + BLOBHEAD_SIZE, end));
  }
  return blobs;
}

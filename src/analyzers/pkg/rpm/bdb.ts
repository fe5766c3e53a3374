// Berkeley DB hash databases (rpm's classic var/lib/rpm/Packages), read without libdb.
// ref: Berkeley DB dbinc/db_page.h (page header, hash items H_KEYDATA/H_OFFPAGE, overflow pages)
// and dbinc/db_am.h hash meta page. Pages are walked in order; every record value is an rpm header
// keyed by its 4-byte instance number, except instance 0, which holds rpm's next-instance counter.
import { BulwarkError } from '../../../core/errors.js';

const HASH_MAGIC = 0x061561;
const P_HASH_UNSORTED = 2; // hash pages written before Berkeley DB 4.6 (RHEL/CentOS 5)
const P_OVERFLOW = 7;
const P_HASHMETA = 8;
const P_HASH = 13;
const H_KEYDATA = 1;
const H_OFFPAGE = 3;
const PAGE_HEADER = 26;
const VALID_PAGE_SIZES = new Set([512, 1024, 2048, 4096, 8192, 16384, 32768, 65536]);

function bad(where: string, what: string): BulwarkError {
  return new BulwarkError('INVALID_INPUT', `${where}: corrupt Berkeley DB: ${what}`);
}

export function isBerkeleyHash(buf: Buffer): boolean {
  if (buf.length < 512) return false;
  return buf.readUInt32LE(12) === HASH_MAGIC || buf.readUInt32BE(12) === HASH_MAGIC;
}

/** Every record value (rpm header blob) of a Berkeley DB hash file held in memory. */
export function readBerkeleyHash(buf: Buffer, where: string): Buffer[] {
  if (!isBerkeleyHash(buf)) throw bad(where, 'not a hash database (bad magic)');
  const le = buf.readUInt32LE(12) === HASH_MAGIC;
  const u32 = (off: number): number => (le ? buf.readUInt32LE(off) : buf.readUInt32BE(off));
  const pageSize = u32(20);
  if (!VALID_PAGE_SIZES.has(pageSize)) throw bad(where, `page size ${pageSize}`);
  if (buf[24] !== 0) throw bad(where, 'encrypted databases are not supported');
  if (buf[25] !== P_HASHMETA) throw bad(where, `first page has type ${buf[25]}, not hash metadata`);
  const pageCount = Math.floor(buf.length / pageSize);
  const lastPage = Math.min(u32(32), pageCount - 1);

  const page = (no: number): Buffer => buf.subarray(no * pageSize, (no + 1) * pageSize);
  const u16At = (p: Buffer, off: number): number => (le ? p.readUInt16LE(off) : p.readUInt16BE(off));
  const u32At = (p: Buffer, off: number): number => (le ? p.readUInt32LE(off) : p.readUInt32BE(off));

  // An off-page item: a chain of overflow pages holding `length` bytes in total.
  const overflow = (first: number, length: number): Buffer => {
    const parts: Buffer[] = [];
    let got = 0;
    let no = first;
    const seen = new Set<number>();
    while (no !== 0 && got < length) {
      if (no > lastPage || seen.has(no))
        throw bad(where, `overflow chain reaches page ${no} twice or past the end`);
      seen.add(no);
      const p = page(no);
      if (p[25] !== P_OVERFLOW) throw bad(where, `page ${no} in an overflow chain has type ${p[25]}`);
      const onPage = u16At(p, 22); // hf_offset holds the bytes used on an overflow page
      if (onPage > pageSize - PAGE_HEADER) throw bad(where, `overflow page ${no} claims ${onPage} bytes`);
      parts.push(p.subarray(PAGE_HEADER, PAGE_HEADER + onPage));
      got += onPage;
      no = u32At(p, 16);
    }
    if (got !== length) throw bad(where, `overflow item of ${length} bytes has ${got}`);
    return Buffer.concat(parts, length);
  };

  const values: Buffer[] = [];
  for (let no = 1; no <= lastPage; no++) {
    const p = page(no);
    const type = p[25];
    if (type !== P_HASH && type !== P_HASH_UNSORTED) continue;
    const entries = u16At(p, 20);
    if (entries % 2 !== 0 || PAGE_HEADER + entries * 2 > pageSize)
      throw bad(where, `hash page ${no} has ${entries} entries`);
    // Items sit at the end of the page in index order, so each ends where the previous one starts.
    const item = (i: number): Buffer => {
      const start = u16At(p, PAGE_HEADER + i * 2);
      const end = i === 0 ? pageSize : u16At(p, PAGE_HEADER + (i - 1) * 2);
      if (start < PAGE_HEADER + entries * 2 || start >= end || end > pageSize)
        throw bad(where, `hash page ${no} item ${i} out of bounds`);
      return p.subarray(start, end);
    };
    for (let i = 0; i < entries; i += 2) {
      const key = item(i);
      const val = item(i + 1);
      if (key[0] === H_KEYDATA && key.length === 5 && u32At(key, 1) === 0) continue; // rpm's instance counter
      if (val[0] === H_OFFPAGE) {
        if (val.length < 12) throw bad(where, `hash page ${no} off-page item too short`);
        values.push(overflow(u32At(val, 4), u32At(val, 8)));
      } else if (val[0] === H_KEYDATA) {
        values.push(val.subarray(1));
      } else {
        throw bad(where, `hash page ${no} item type ${val[0]} (duplicates are not used by rpm)`);
      }
    }
  }
  return values;
}

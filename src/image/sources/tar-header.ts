// Just enough of a tar header decoder to index an image archive without reading its contents:
// the outer docker-archive / oci-archive tar is random-accessed by jumping from header to header.
// Layer tars themselves are parsed by tar-stream (../walk/walker.ts). Formats: POSIX ustar, pax
// extended headers (path, linkpath, size), GNU long names (L/K) and base-256 sizes.
// ref: POSIX.1-2017 pax "ustar Interchange Format" and "pax Extended Header"; GNU tar manual, "Basic Tar Format".

export const BLOCK = 512;

export interface RawHeader {
  name: string;
  linkname: string;
  size: number;
  /** The typeflag character ('0', '5', 'x', 'L' …); '\0' is a regular file. */
  typeflag: string;
  mode: number;
}

export class TarFormatError extends Error {}

function cstring(buf: Uint8Array, start: number, len: number): string {
  let end = start;
  const max = start + len;
  while (end < max && buf[end] !== 0) end++;
  return Buffer.from(buf.buffer, buf.byteOffset + start, end - start).toString('utf8');
}

/** Octal (space/NUL padded) or GNU base-256 numbers. Null when not a number. */
export function parseNumber(buf: Uint8Array, start: number, len: number): number | null {
  if (len > 0 && (buf[start]! & 0x80) !== 0) {
    // base-256: big-endian two's complement; a negative value is never valid here.
    if ((buf[start]! & 0x40) !== 0) return null;
    let v = buf[start]! & 0x3f;
    for (let i = start + 1; i < start + len; i++) {
      v = v * 256 + buf[i]!;
      if (v > Number.MAX_SAFE_INTEGER) return null;
    }
    return v;
  }
  let i = start;
  const end = start + len;
  while (i < end && (buf[i] === 0x20 || buf[i] === 0)) i++;
  let v = 0;
  let digits = 0;
  for (; i < end; i++) {
    const c = buf[i]!;
    if (c === 0x20 || c === 0) break;
    if (c < 0x30 || c > 0x37) return null;
    v = v * 8 + (c - 0x30);
    digits++;
  }
  return digits === 0 ? 0 : v;
}

function checksumOk(block: Uint8Array): boolean {
  const stored = parseNumber(block, 148, 8);
  if (stored === null) return false;
  let unsigned = 0;
  let signed = 0;
  for (let i = 0; i < BLOCK; i++) {
    const b = i >= 148 && i < 156 ? 0x20 : block[i]!;
    unsigned += b;
    signed += b > 127 ? b - 256 : b;
  }
  return stored === unsigned || stored === signed;
}

export function isZeroBlock(block: Uint8Array): boolean {
  for (let i = 0; i < BLOCK; i++) if (block[i] !== 0) return false;
  return true;
}

/** Decode one 512-byte header. Throws TarFormatError when the checksum or a number is bad. */
export function decodeHeader(block: Uint8Array): RawHeader {
  if (block.length < BLOCK) throw new TarFormatError('short header block');
  if (!checksumOk(block)) throw new TarFormatError('header checksum mismatch (not a tar file, or corrupt)');
  const size = parseNumber(block, 124, 12);
  const mode = parseNumber(block, 100, 8);
  if (size === null || mode === null) throw new TarFormatError('header has a malformed size or mode field');
  let name = cstring(block, 0, 100);
  const magic = Buffer.from(block.buffer, block.byteOffset + 257, 6).toString('latin1');
  if (magic === 'ustar\0') {
    const prefix = cstring(block, 345, 155);
    if (prefix) name = `${prefix}/${name}`;
  }
  const flag = block[156] === 0 ? '\0' : String.fromCharCode(block[156]!);
  return { name, linkname: cstring(block, 157, 100), size, typeflag: flag, mode };
}

/** Types that never carry data, whatever their size field says (as Go's archive/tar treats them). */
export function headerOnly(typeflag: string): boolean {
  return '123456'.includes(typeflag);
}

/** Parse pax records `"<len> <key>=<value>\n"`; malformed records are an error. */
export function parsePax(data: Uint8Array): Record<string, string> {
  const out: Record<string, string> = {};
  const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  let pos = 0;
  while (pos < buf.length) {
    if (buf[pos] === 0) break; // padding
    const sp = buf.indexOf(0x20, pos);
    if (sp < 0 || sp - pos > 20) throw new TarFormatError('malformed pax record length');
    const len = Number(buf.toString('latin1', pos, sp));
    if (!Number.isSafeInteger(len) || len <= sp - pos + 1 || pos + len > buf.length) {
      throw new TarFormatError('malformed pax record length');
    }
    const record = buf.toString('utf8', sp + 1, pos + len - 1);
    if (buf[pos + len - 1] !== 0x0a) throw new TarFormatError('pax record does not end in a newline');
    const eq = record.indexOf('=');
    if (eq <= 0) throw new TarFormatError('malformed pax record');
    out[record.slice(0, eq)] = record.slice(eq + 1);
    pos += len;
  }
  return out;
}

export function paddedSize(size: number): number {
  return Math.ceil(size / BLOCK) * BLOCK;
}

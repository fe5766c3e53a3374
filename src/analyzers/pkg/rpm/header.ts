// The rpm header as stored in rpmdb (no lead, no header magic): a big-endian index count `il`, data
// length `dl`, `il` index entries {tag, type, offset, count} and `dl` bytes of data.
// ref: rpm lib/header.c (headerImport/hdrblobVerifyInfo) and docs/manual/format_header.md.
// Every offset and count is bounds-checked: a hostile database gives INVALID_INPUT, never a crash.
import { BulwarkError } from '../../../core/errors.js';

export const TAG = {
  NAME: 1000,
  VERSION: 1001,
  RELEASE: 1002,
  EPOCH: 1003,
  LICENSE: 1014,
  VENDOR: 1011,
  ARCH: 1022,
  SOURCERPM: 1044,
  MODULARITYLABEL: 5096,
} as const;

const TYPE = {
  CHAR: 1,
  INT8: 2,
  INT16: 3,
  INT32: 4,
  INT64: 5,
  STRING: 6,
  BIN: 7,
  STRING_ARRAY: 8,
  I18NSTRING: 9,
};

// rpm's own limits (lib/header_internal.h): HEADER_TAGS_MAX, HEADER_DATA_MAX.
const MAX_TAGS = 0xffff;
const MAX_DATA = 0x0fffffff;

export interface RpmHeader {
  name: string;
  version: string;
  release: string;
  epoch: number | null;
  arch: string | null;
  sourceRpm: string | null;
  license: string | null;
  vendor: string | null;
  modularityLabel: string | null;
}

const WANTED = new Set<number>(Object.values(TAG));

function bad(where: string, what: string): BulwarkError {
  return new BulwarkError('INVALID_INPUT', `${where}: corrupt rpm header: ${what}`);
}

function readString(data: Buffer, offset: number, where: string): string {
  const end = data.indexOf(0, offset);
  if (end < 0) throw bad(where, 'unterminated string');
  return data.toString('utf8', offset, end);
}

/** Parse the tags Bulwark needs from one header blob. */
export function parseHeader(blob: Buffer, where: string): RpmHeader {
  if (blob.length < 8) throw bad(where, 'shorter than its preamble');
  const il = blob.readUInt32BE(0);
  const dl = blob.readUInt32BE(4);
  if (il < 1 || il > MAX_TAGS) throw bad(where, `index count ${il}`);
  if (dl > MAX_DATA) throw bad(where, `data length ${dl}`);
  const dataStart = 8 + il * 16;
  if (dataStart + dl > blob.length) throw bad(where, `needs ${dataStart + dl} bytes, has ${blob.length}`);
  const data = blob.subarray(dataStart, dataStart + dl);
  const strings = new Map<number, string>();
  let epoch: number | null = null;
  for (let i = 0; i < il; i++) {
    const e = 8 + i * 16;
    const tag = blob.readUInt32BE(e);
    if (!WANTED.has(tag)) continue;
    const type = blob.readUInt32BE(e + 4);
    const offset = blob.readUInt32BE(e + 8);
    const count = blob.readUInt32BE(e + 12);
    if (offset >= dl || count === 0) throw bad(where, `tag ${tag} points outside the data`);
    if (tag === TAG.EPOCH) {
      if (type !== TYPE.INT32 || offset % 4 !== 0 || offset + 4 > dl)
        throw bad(where, 'EPOCH is not an aligned INT32');
      epoch = data.readUInt32BE(offset);
    } else if (type === TYPE.STRING || type === TYPE.I18NSTRING || type === TYPE.STRING_ARRAY) {
      strings.set(tag, readString(data, offset, where)); // first string of an array/i18n table
    } else {
      throw bad(where, `tag ${tag} has type ${type}, expected a string`);
    }
  }
  const name = strings.get(TAG.NAME);
  const version = strings.get(TAG.VERSION);
  const release = strings.get(TAG.RELEASE);
  if (!name || version === undefined || release === undefined)
    throw bad(where, 'missing NAME, VERSION or RELEASE');
  return {
    name,
    version,
    release,
    epoch,
    arch: strings.get(TAG.ARCH) ?? null,
    sourceRpm: strings.get(TAG.SOURCERPM) ?? null,
    license: strings.get(TAG.LICENSE) ?? null,
    vendor: strings.get(TAG.VENDOR) ?? null,
    modularityLabel: strings.get(TAG.MODULARITYLABEL) ?? null,
  };
}

/** "glibc-2.34-60.el9.src.rpm" → { name: glibc, version: 2.34, release: 60.el9 }. */
export function parseSourceRpm(file: string): { name: string; version: string; release: string } | null {
  const base = file.replace(/\.(?:no)?src\.rpm$/, '');
  if (base === file) return null;
  const r = base.lastIndexOf('-');
  const v = r > 0 ? base.lastIndexOf('-', r - 1) : -1;
  if (v <= 0) return null;
  return { name: base.slice(0, v), version: base.slice(v + 1, r), release: base.slice(r + 1) };
}

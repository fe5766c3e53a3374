// Build rpm header blobs (the rpmdb form: il, dl, index, data) for tests of the rpm analyzer.
const TYPES = { INT32: 4, STRING: 6, STRING_ARRAY: 8, I18NSTRING: 9, BIN: 7 } as const;

export type HeaderValue =
  | { tag: number; type: 'INT32'; value: number[] }
  | { tag: number; type: 'STRING' | 'I18NSTRING'; value: string }
  | { tag: number; type: 'STRING_ARRAY'; value: string[] }
  | { tag: number; type: 'BIN'; value: Buffer };

export function buildHeader(entries: HeaderValue[]): Buffer {
  const index: Buffer[] = [];
  const data: Buffer[] = [];
  let dl = 0;
  for (const e of entries) {
    let bytes: Buffer;
    let count: number;
    if (e.type === 'INT32') {
      const pad = (4 - (dl % 4)) % 4;
      if (pad) {
        data.push(Buffer.alloc(pad));
        dl += pad;
      }
      bytes = Buffer.alloc(4 * e.value.length);
      e.value.forEach((v, i) => bytes.writeUInt32BE(v, i * 4));
      count = e.value.length;
    } else if (e.type === 'STRING_ARRAY') {
      bytes = Buffer.concat(e.value.map((s) => Buffer.from(`${s}\0`)));
      count = e.value.length;
    } else if (e.type === 'BIN') {
      bytes = e.value;
      count = e.value.length;
    } else {
      bytes = Buffer.from(`${e.value}\0`);
      count = 1;
    }
    const entry = Buffer.alloc(16);
    entry.writeUInt32BE(e.tag, 0);
    entry.writeUInt32BE(TYPES[e.type], 4);
    entry.writeUInt32BE(dl, 8);
    entry.writeUInt32BE(count, 12);
    index.push(entry);
    data.push(bytes);
    dl += bytes.length;
  }
  const pre = Buffer.alloc(8);
  pre.writeUInt32BE(entries.length, 0);
  pre.writeUInt32BE(dl, 4);
  return Buffer.concat([pre, ...index, ...data]);
}

/** A typical package header: NAME, VERSION, RELEASE, optional EPOCH, ARCH, SOURCERPM, LICENSE. */
export function packageHeader(p: {
  name: string;
  version: string;
  release: string;
  epoch?: number;
  arch?: string;
  sourceRpm?: string;
  license?: string;
  vendor?: string;
  modularityLabel?: string;
}): Buffer {
  const e: HeaderValue[] = [
    { tag: 1000, type: 'STRING', value: p.name },
    { tag: 1001, type: 'STRING', value: p.version },
    { tag: 1002, type: 'STRING', value: p.release },
  ];
  if (p.epoch !== undefined) e.push({ tag: 1003, type: 'INT32', value: [p.epoch] });
  if (p.vendor) e.push({ tag: 1011, type: 'STRING', value: p.vendor });
  if (p.license) e.push({ tag: 1014, type: 'STRING', value: p.license });
  if (p.arch) e.push({ tag: 1022, type: 'STRING', value: p.arch });
  if (p.sourceRpm) e.push({ tag: 1044, type: 'STRING', value: p.sourceRpm });
  if (p.modularityLabel) e.push({ tag: 5096, type: 'STRING', value: p.modularityLabel });
  return buildHeader(e);
}

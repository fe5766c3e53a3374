// Zip archives for tests, written with yazl (the writer twin of yauzl). `unsafeName` rewrites an
// entry name in place afterwards, to build hostile archives (zip slip) that well-behaved writers refuse.
import { createWriteStream, readFileSync, writeFileSync } from 'node:fs';
import { ZipFile } from 'yazl';

export interface ZipInput {
  name: string;
  data: Buffer | string;
  compress?: boolean;
}

export async function writeZip(path: string, entries: ZipInput[]): Promise<void> {
  const zip = new ZipFile();
  for (const e of entries) {
    zip.addBuffer(Buffer.isBuffer(e.data) ? e.data : Buffer.from(e.data), e.name, {
      compress: e.compress ?? true,
    });
  }
  zip.end();
  await new Promise<void>((resolve, reject) => {
    const out = createWriteStream(path);
    out.on('close', resolve).on('error', reject);
    zip.outputStream.pipe(out);
  });
}

/** Replace an entry name by another of the same length, in the local header and the central directory. */
export function unsafeName(path: string, from: string, to: string): void {
  if (from.length !== to.length) throw new Error('names must have the same length');
  const buf = readFileSync(path);
  const a = Buffer.from(from);
  let at = buf.indexOf(a);
  let n = 0;
  while (at >= 0) {
    Buffer.from(to).copy(buf, at);
    n++;
    at = buf.indexOf(a, at + a.length);
  }
  if (n < 2) throw new Error(`entry ${from} not found in ${path}`);
  writeFileSync(path, buf);
}

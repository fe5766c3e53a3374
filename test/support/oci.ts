// Building small images in tests, byte for byte as the specs lay them out: layer tars (tar-stream
// pack, the same library a Node user would use), OCI layouts (image-layout.md) and docker-archives
// (moby image/spec/v1.2.md). Used to make inputs the fixtures do not have: zstd layers, hostile
// paths, broken digests, unknown media types.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import tar from 'tar-stream';

export interface TarEntry {
  name: string;
  type?: 'file' | 'directory' | 'symlink' | 'link' | 'character-device' | 'fifo';
  content?: string | Buffer;
  linkname?: string;
  mode?: number;
  size?: number;
}

export function sha256(data: Buffer | string): string {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}

/** A tar archive of `entries`, in order (ustar/pax as tar-stream writes them). */
export async function tarOf(entries: TarEntry[]): Promise<Buffer> {
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  const done = (async () => {
    for await (const c of pack) chunks.push(c as Buffer);
  })();
  for (const e of entries) {
    const type = e.type ?? 'file';
    const content = e.content === undefined ? undefined : Buffer.from(e.content);
    await new Promise<void>((resolve, reject) => {
      const header = {
        name: e.name,
        type,
        mode: e.mode ?? (type === 'directory' ? 0o755 : 0o644),
        ...(e.linkname !== undefined ? { linkname: e.linkname } : {}),
        ...(type === 'file' ? { size: content?.length ?? e.size ?? 0 } : {}),
      };
      if (type === 'file')
        pack.entry(header, content ?? Buffer.alloc(0), (err) => (err ? reject(err) : resolve()));
      else pack.entry(header, (err) => (err ? reject(err) : resolve()));
    });
  }
  pack.finalize();
  await done;
  return Buffer.concat(chunks);
}

export type Compression = 'gzip' | 'zstd' | 'none';

export function compress(data: Buffer, how: Compression): Buffer {
  if (how === 'gzip') return gzipSync(data);
  if (how === 'zstd') return execFileSync('zstd', ['-q', '-c', '-3'], { input: data, maxBuffer: 1 << 30 });
  return data;
}

const LAYER_MT: Record<Compression, string> = {
  gzip: 'application/vnd.oci.image.layer.v1.tar+gzip',
  zstd: 'application/vnd.oci.image.layer.v1.tar+zstd',
  none: 'application/vnd.oci.image.layer.v1.tar',
};

export interface LayerSpec {
  tar: Buffer;
  compression?: Compression;
  /** Override the media type written into the manifest. */
  mediaType?: string;
}

export interface ImageSpec {
  layers: LayerSpec[];
  architecture?: string;
  os?: string;
  variant?: string;
  /** Override diff ids (to build inconsistent images). */
  diffIds?: string[];
  configMediaType?: string;
}

export interface BuiltImage {
  blobs: Map<string, Buffer>;
  manifest: Buffer;
  manifestDigest: string;
  config: Buffer;
  configDigest: string;
  layerDigests: string[];
  diffIds: string[];
}

export function buildImage(spec: ImageSpec): BuiltImage {
  const blobs = new Map<string, Buffer>();
  const diffIds = spec.diffIds ?? spec.layers.map((l) => sha256(l.tar));
  const layerDescs = spec.layers.map((l) => {
    const c = l.compression ?? 'gzip';
    const stored = compress(l.tar, c);
    const digest = sha256(stored);
    blobs.set(digest, stored);
    return { mediaType: l.mediaType ?? LAYER_MT[c], digest, size: stored.length };
  });
  const config = Buffer.from(
    JSON.stringify({
      architecture: spec.architecture ?? 'amd64',
      os: spec.os ?? 'linux',
      ...(spec.variant ? { variant: spec.variant } : {}),
      config: { Cmd: ['/bin/sh'] },
      rootfs: { type: 'layers', diff_ids: diffIds },
      history: spec.layers.map((_, i) => ({ created_by: `step ${i}` })),
    }),
  );
  const configDigest = sha256(config);
  blobs.set(configDigest, config);
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: {
        mediaType: spec.configMediaType ?? 'application/vnd.oci.image.config.v1+json',
        digest: configDigest,
        size: config.length,
      },
      layers: layerDescs,
    }),
  );
  const manifestDigest = sha256(manifest);
  blobs.set(manifestDigest, manifest);
  return {
    blobs,
    manifest,
    manifestDigest,
    config,
    configDigest,
    layerDigests: layerDescs.map((d) => d.digest),
    diffIds,
  };
}

export interface IndexEntry {
  image: BuiltImage;
  tag?: string;
  platform?: { os: string; architecture: string; variant?: string };
}

/** Write an OCI layout directory holding `entries` in index.json. */
export function writeLayout(
  dir: string,
  entries: IndexEntry[],
  extraBlobs: Map<string, Buffer> = new Map(),
): string {
  mkdirSync(join(dir, 'blobs', 'sha256'), { recursive: true });
  writeFileSync(join(dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  const all = new Map(extraBlobs);
  for (const e of entries) for (const [d, b] of e.image.blobs) all.set(d, b);
  for (const [d, b] of all) writeFileSync(join(dir, 'blobs', 'sha256', d.slice(7)), b);
  writeFileSync(
    join(dir, 'index.json'),
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.index.v1+json',
      manifests: entries.map((e) => ({
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        digest: e.image.manifestDigest,
        size: e.image.manifest.length,
        ...(e.platform ? { platform: e.platform } : {}),
        ...(e.tag ? { annotations: { 'org.opencontainers.image.ref.name': e.tag } } : {}),
      })),
    }),
  );
  return dir;
}

/** A legacy docker-archive (docker save before v25) as a tar buffer. Members can be overridden. */
export async function dockerArchive(
  image: BuiltImage,
  opts: {
    repoTags?: string[];
    manifest?: unknown;
    extra?: TarEntry[];
    omit?: string[];
    /** Order in which layer members are stored (default: image order). */
    storeOrder?: number[];
  } = {},
): Promise<Buffer> {
  const configName = `${image.configDigest.slice(7)}.json`;
  const entries: TarEntry[] = [];
  const layerNames = image.layerDigests.map((_, i) => `layer${i}/layer.tar`);
  for (const i of opts.storeOrder ?? image.layerDigests.map((_, i) => i)) {
    entries.push({ name: `layer${i}`, type: 'directory' });
    entries.push({ name: layerNames[i]!, content: image.blobs.get(image.layerDigests[i]!)! });
  }
  entries.push({ name: configName, content: image.config });
  const manifest = opts.manifest ?? [
    { Config: configName, RepoTags: opts.repoTags ?? ['test/image:latest'], Layers: layerNames },
  ];
  entries.push({ name: 'manifest.json', content: JSON.stringify(manifest) });
  entries.push(...(opts.extra ?? []));
  return tarOf(entries.filter((e) => !opts.omit?.includes(e.name)));
}

/** A ustar header block for one regular file of `size` bytes (for archives too big to build in memory). */
export function fileHeader(name: string, size: number): Buffer {
  const h = Buffer.alloc(512);
  h.write(name, 0);
  h.write('0000644\0', 100);
  h.write('0000000\0', 108);
  h.write('0000000\0', 116);
  h.write(`${size.toString(8).padStart(11, '0')}\0`, 124);
  h.write('00000000000\0', 136);
  h.write('        ', 148);
  h.write('0', 156);
  h.write('ustar\u000000', 257);
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
  return h;
}

/** A gzip bomb: a layer tar holding one file of `mib` MiB of zeros, streamed through gzip -9 (~1000:1). */
export async function gzipBomb(mib: number): Promise<Buffer> {
  const { createGzip } = await import('node:zlib');
  return new Promise<Buffer>((resolve, reject) => {
    const z = createGzip({ level: 9 });
    const out: Buffer[] = [];
    z.on('data', (c: Buffer) => out.push(c));
    z.on('end', () => resolve(Buffer.concat(out)));
    z.on('error', reject);
    z.write(fileHeader('zeros', mib * 1024 * 1024));
    const mb = Buffer.alloc(1024 * 1024);
    for (let i = 0; i < mib; i++) z.write(mb);
    z.end(Buffer.alloc(1024));
  });
}

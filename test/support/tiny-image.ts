// A small but real OCI image built in memory (one gzipped tar layer with a file, a config, a manifest),
// for tests that push with the registry client itself. Different `seed`s give different digests.
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import tar from 'tar-stream';

export interface TinyImage {
  config: Buffer;
  layer: Buffer;
  manifest: Buffer;
  manifestDigest: string;
  mediaType: string;
}

const sha = (b: Buffer): string => `sha256:${createHash('sha256').update(b).digest('hex')}`;

async function tarOf(files: Record<string, string>): Promise<Buffer> {
  const pack = tar.pack();
  for (const [name, content] of Object.entries(files)) pack.entry({ name, mtime: new Date(0) }, content);
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const c of pack as AsyncIterable<Buffer>) chunks.push(c);
  return Buffer.concat(chunks);
}

export async function tinyImage(seed: string, arch = 'amd64'): Promise<TinyImage> {
  const rawLayer = await tarOf({ 'etc/seed': `${seed}\n`, 'etc/os-release': 'ID=bulwark-test\n' });
  const layer = gzipSync(rawLayer);
  const config = Buffer.from(
    JSON.stringify({
      architecture: arch,
      os: 'linux',
      config: { Cmd: ['/bin/sh'], Labels: { seed } },
      rootfs: { type: 'layers', diff_ids: [sha(rawLayer)] },
    }),
  );
  const mediaType = 'application/vnd.oci.image.manifest.v1+json';
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType,
      config: {
        mediaType: 'application/vnd.oci.image.config.v1+json',
        digest: sha(config),
        size: config.length,
      },
      layers: [
        { mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: sha(layer), size: layer.length },
      ],
    }),
  );
  return { config, layer, manifest, manifestDigest: sha(manifest), mediaType };
}

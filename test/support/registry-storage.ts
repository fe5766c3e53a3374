// Writing straight into the test registry's filesystem storage (Distribution's layout), for fixtures that
// are manifests without their blobs: the connaisseur and Notation fixtures ship signatures and the signed
// image manifests, not the images' multi-megabyte layers, and Distribution refuses to accept a manifest
// over the API whose blobs it lacks. Reads through the API then work as for any pushed manifest.
// Layout (docker/distribution registry/storage/paths.go): blobs/sha256/<2>/<hex>/data,
// repositories/<name>/_manifests/revisions/sha256/<hex>/link and _manifests/tags/<tag>/{current,index/…}/link.
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestRegistry } from './registry.js';

function write(path: string, data: string | Buffer): void {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, data);
}

/** Store manifest bytes under `repository` (and `tag`), without checking that its blobs exist. */
export function storeManifest(reg: TestRegistry, repository: string, bytes: Buffer, tag?: string): string {
  const hex = createHash('sha256').update(bytes).digest('hex');
  const digest = `sha256:${hex}`;
  const root = join(reg.dir, 'data/docker/registry/v2');
  write(join(root, 'blobs/sha256', hex.slice(0, 2), hex, 'data'), bytes);
  const manifests = join(root, 'repositories', repository, '_manifests');
  write(join(manifests, 'revisions/sha256', hex, 'link'), digest);
  if (tag) {
    write(join(manifests, 'tags', tag, 'current/link'), digest);
    write(join(manifests, 'tags', tag, 'index/sha256', hex, 'link'), digest);
  }
  return digest;
}

/** Path of a blob's data file, to tamper with what the registry serves. */
export function blobDataPath(reg: TestRegistry, digest: string): string {
  const hex = digest.slice('sha256:'.length);
  return join(reg.dir, 'data/docker/registry/v2/blobs/sha256', hex.slice(0, 2), hex, 'data');
}

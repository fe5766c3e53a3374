// openImage: the one entry point from a target string to an ImageHandle. See target.ts for the
// syntax. Sources are imported lazily so that a CLI command pays only for what it opens.
import { fileKind } from '../core/input-file.js';
import { stat } from 'node:fs/promises';
import { BulwarkError, wrapError } from '../core/errors.js';
import { DEFAULT_PLATFORM, parsePlatform } from './platform.js';
import { parseTarget, type Target } from './target.js';
import type { ImageHandle, ImageLimits, OpenImageOptions } from './types.js';
import { resolveLimits } from './walk/limits.js';

export interface ResolvedOptions {
  limits: ImageLimits;
  platform: ReturnType<typeof parsePlatform>;
  explicitPlatform: boolean;
  insecure: boolean;
  registry?: OpenImageOptions['registry'];
}

export function resolveOptions(opts: OpenImageOptions = {}): ResolvedOptions {
  return {
    limits: resolveLimits(opts.limits),
    platform: opts.platform ? parsePlatform(opts.platform) : DEFAULT_PLATFORM,
    explicitPlatform: !!opts.platform,
    insecure: opts.insecure === true,
    ...(opts.registry ? { registry: opts.registry } : {}),
  };
}

/** Open an image for reading. Throws BulwarkError with a code for every failure the user can meet. */
export async function openImage(target: string, opts: OpenImageOptions = {}): Promise<ImageHandle> {
  const o = resolveOptions(opts);
  const t = parseTarget(target);
  try {
    return await openTarget(t, target, o);
  } catch (err) {
    if (err instanceof BulwarkError) throw err;
    throw wrapError(`cannot open ${target}`, err, 'INVALID_INPUT');
  }
}

async function openTarget(t: Target, name: string, o: ResolvedOptions): Promise<ImageHandle> {
  const select = { platform: o.platform, explicitPlatform: o.explicitPlatform };
  switch (t.kind) {
    case 'rootfs': {
      const { openRootfs } = await import('./sources/rootfs.js');
      return openRootfs(t.path, { name, limits: o.limits });
    }
    case 'oci-layout': {
      const { openOciLayoutDir } = await import('./sources/oci-layout.js');
      return openOciLayoutDir(t.path, {
        name,
        ...(t.tag !== undefined ? { tag: t.tag } : {}),
        select,
        limits: o.limits,
      });
    }
    case 'docker-archive':
    case 'oci-archive': {
      const { openArchiveImage } = await import('./sources/archive-image.js');
      return openArchiveImage(t.path, {
        name,
        kind: t.kind,
        ...(t.kind === 'docker-archive' && t.ref !== undefined ? { ref: t.ref } : {}),
        ...(t.kind === 'oci-archive' && t.tag !== undefined ? { tag: t.tag } : {}),
        select,
        limits: o.limits,
      });
    }
    case 'auto': {
      const s = await stat(t.path);
      if (!s.isDirectory() && !s.isFile()) {
        throw new BulwarkError(
          'INVALID_INPUT',
          `${t.path} is a ${fileKind(s)}, not an image archive or an OCI layout directory`,
        );
      }
      if (s.isDirectory()) {
        const { openOciLayoutDir } = await import('./sources/oci-layout.js');
        return openOciLayoutDir(t.path, { name, select, limits: o.limits }).catch((err: unknown) => {
          if (
            err instanceof BulwarkError &&
            err.code === 'MANIFEST_NOT_FOUND' &&
            /no index\.json/.test(err.message)
          ) {
            throw new BulwarkError(
              'MANIFEST_NOT_FOUND',
              `${t.path} is a directory without index.json, so not an OCI layout; to scan a root filesystem use rootfs:${t.path}`,
            );
          }
          throw err;
        });
      }
      const { openArchiveImage } = await import('./sources/archive-image.js');
      return openArchiveImage(t.path, { name, kind: 'auto', select, limits: o.limits });
    }
    case 'registry': {
      const { openRegistryImage } = await import('./sources/registry.js');
      return openRegistryImage(t.reference, {
        name,
        select,
        limits: o.limits,
        insecure: o.insecure,
        ...(o.registry ? { client: o.registry } : {}),
      });
    }
  }
}

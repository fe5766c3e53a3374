// Per-layer analysis cache (after Trivy's pkg/cache/key.go): the key is a digest over the layer's
// blob digest and diff id, every analyzer's type and version, and the options that change analysis. An unchanged
// image therefore rescans without reading any layer data. One JSON file per key, written to a temp
// file and renamed, so concurrent scans never see half a record.
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile, rm } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { LayerAnalysis } from '../analyzers/types.js';

/** Bump when the cached record shape changes, so old records are ignored rather than misread. */
const CACHE_FORMAT = 1;

export interface LayerCache {
  get(key: string): Promise<LayerAnalysis | null>;
  put(key: string, value: LayerAnalysis): Promise<void>;
}

export function defaultCacheDir(): string {
  const base =
    process.env.BULWARK_CACHE_DIR ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'bulwark');
  return join(base, 'layers');
}

export function layerCacheKey(
  layerId: string,
  analyzers: readonly { type: string; version: number }[],
  options: Record<string, unknown> = {},
): string {
  const h = createHash('sha256');
  h.update(`bulwark-layer-cache/${CACHE_FORMAT}\n${layerId}\n`);
  for (const a of [...analyzers].sort((x, y) => x.type.localeCompare(y.type)))
    h.update(`${a.type}@${a.version}\n`);
  h.update(JSON.stringify(options, Object.keys(options).sort()));
  return h.digest('hex');
}

export class FileLayerCache implements LayerCache {
  constructor(private readonly dir: string = defaultCacheDir()) {}

  private path(key: string): string {
    // Two-level fan-out keeps directories small on hosts that scan thousands of layers.
    return join(this.dir, key.slice(0, 2), `${key}.json`);
  }

  async get(key: string): Promise<LayerAnalysis | null> {
    let text: string;
    try {
      text = await readFile(this.path(key), 'utf8');
    } catch {
      return null;
    }
    try {
      const rec = JSON.parse(text) as { format: number; key: string; value: LayerAnalysis };
      if (rec.format !== CACHE_FORMAT || rec.key !== key) return null;
      return rec.value;
    } catch {
      // A damaged record is a miss; it is rewritten after the layer is analysed again.
      await rm(this.path(key), { force: true });
      return null;
    }
  }

  async put(key: string, value: LayerAnalysis): Promise<void> {
    const file = this.path(key);
    const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      await mkdir(join(this.dir, key.slice(0, 2)), { recursive: true });
      await writeFile(tmp, JSON.stringify({ format: CACHE_FORMAT, key, value }));
      await rename(tmp, file);
    } catch {
      // The cache is an optimisation: an unwritable cache dir must not fail the scan.
      await rm(tmp, { force: true }).catch(() => {});
    }
  }
}

/** A cache that never hits, for `--cache-dir ''` style opt-outs and tests. */
export const noCache: LayerCache = {
  async get() {
    return null;
  },
  async put() {},
};

// From per-layer analysis to image findings: the final filesystem's file facts (top-most layer
// wins, whiteouts and opaque directories applied, as the applier does for packages), image rule
// findings, secrets with the layer that holds them (flagged `deleted` when a later layer removed or
// replaced the file: the bytes are still in the image), and attack-surface figures.
import type { LayerAnalysis } from '../../analyzers/types.js';
import type { Misconfiguration, OsInfo, Secret } from '../../core/model.js';
import type { ImageConfig } from '../../image/types.js';
import { identifyBase, type BaseImage } from './base.js';
import { checkImage } from './check.js';
import type { ImageFile } from './context.js';

function under(path: string, dir: string): boolean {
  return dir === '' || path === dir || path.startsWith(`${dir}/`);
}

function deletedBy(layer: LayerAnalysis, path: string): boolean {
  return (
    layer.whiteouts.some((w) => under(path, w)) || layer.opaqueDirs.some((d) => path !== d && under(path, d))
  );
}

/** The file facts of the final filesystem. */
export function finalFiles(layers: LayerAnalysis[]): ImageFile[] {
  const state = new Map<string, ImageFile>();
  for (const layer of layers) {
    for (const path of [...state.keys()]) if (deletedBy(layer, path)) state.delete(path);
    for (const f of layer.findings) {
      if (f.analyzer === 'misconfig' && f.fileFacts) state.set(f.path, { path: f.path, ...f.fileFacts });
    }
  }
  return [...state.values()].sort((a, b) => (a.path < b.path ? -1 : 1));
}

/** Secrets from every layer; `deleted` when a later layer deleted or replaced the file. */
export function collectSecrets(layers: LayerAnalysis[]): Secret[] {
  const out: Secret[] = [];
  layers.forEach((layer, i) => {
    for (const f of layer.findings) {
      if (f.analyzer !== 'secret' || !f.secrets?.length) continue;
      const later = layers.slice(i + 1);
      const gone = later.some(
        (l) => deletedBy(l, f.path) || l.findings.some((g) => g.path === f.path && g.analyzer === 'secret'),
      );
      for (const s of f.secrets)
        out.push({ ...s, file: `/${f.path}`, layer: layer.diffId, ...(gone ? { deleted: true } : {}) });
    }
  });
  return out;
}

export interface ImageMisconfigResult {
  misconfigurations: Misconfiguration[];
  base: BaseImage;
  figures: { sizeBytes: number; uncompressedFileBytes?: number; packageCount: number; layerCount: number };
}

export function imageMisconfigurations(
  config: ImageConfig,
  layers: LayerAnalysis[],
  info: { os: OsInfo | null; packageCount: number; sizeBytes: number },
): ImageMisconfigResult {
  const files = finalFiles(layers);
  const misconfigurations = checkImage({ config, files });
  const base = identifyBase(info.os, files, info.packageCount);
  return {
    misconfigurations,
    base,
    figures: { sizeBytes: info.sizeBytes, packageCount: info.packageCount, layerCount: layers.length },
  };
}

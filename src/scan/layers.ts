// Run analyzers over every layer of an image, streaming each layer once, with the per-layer cache.
// Results are committed to the cache only after a walk completes, because the layer digest is
// verified at the end of the stream (a mismatch must never poison the cache).
import { availableParallelism } from 'node:os';
import pLimit from 'p-limit';
import { wrapError } from '../core/errors.js';
import { analyzeEntry, selectAnalyzers } from '../analyzers/run.js';
import type { Analyzer, AnalyzerFinding, LayerAnalysis } from '../analyzers/types.js';
import type { ImageHandle, LayerDescriptor } from '../image/types.js';
import { layerCacheKey, type LayerCache } from './cache.js';

const EMPTY = Buffer.alloc(0);

export interface LayerProgress {
  layer: LayerDescriptor;
  cached: boolean;
}

export interface AnalyzeOptions {
  cache: LayerCache;
  /** Options that change what analyzers report; part of the cache key. */
  cacheOptions?: Record<string, unknown>;
  onLayerDone?: (p: LayerProgress) => void;
  /** Per-file analyzer failures become warnings instead of failing the scan (as Trivy does). */
  onWarning?: (message: string) => void;
  concurrency?: number;
}

export interface AnalyzeResult {
  layers: LayerAnalysis[];
  cacheHits: number;
}

export async function analyzeLayers(
  image: ImageHandle,
  analyzers: Analyzer[],
  opts: AnalyzeOptions,
): Promise<AnalyzeResult> {
  // A gzipped archive is inflated sequentially: walk its layers one at a time in storage order.
  const order = image.layerReadOrder ?? image.layers.map((_, i) => i);
  const parallel = image.layerReadOrder ? 1 : (opts.concurrency ?? availableParallelism());
  const limit = pLimit(Math.max(1, Math.min(parallel, image.layers.length || 1)));
  let cacheHits = 0;
  const results: LayerAnalysis[] = new Array(image.layers.length);
  await Promise.all(
    order.map((index) =>
      limit(async () => {
        const layer = image.layers[index]!;
        // Keyed by blob digest AND diff id: results are reused only for the same verified bytes, so an
        // image that merely claims a cached diff id cannot borrow another layer's results.
        const key = layer.diffId
          ? layerCacheKey(`${layer.digest}\n${layer.diffId}`, analyzers, opts.cacheOptions)
          : null;
        if (key) {
          const hit = await opts.cache.get(key);
          if (hit) {
            cacheHits++;
            results[index] = hit;
            opts.onLayerDone?.({ layer, cached: true });
            return;
          }
        }
        const analysis = await analyzeOneLayer(image, layer, analyzers, opts.onWarning);
        if (key) await opts.cache.put(key, analysis);
        results[index] = analysis;
        opts.onLayerDone?.({ layer, cached: false });
      }),
    ),
  );
  const layers = results;
  return { layers, cacheHits };
}

async function analyzeOneLayer(
  image: ImageHandle,
  layer: LayerDescriptor,
  analyzers: Analyzer[],
  onWarning?: (message: string) => void,
): Promise<LayerAnalysis> {
  const findings: AnalyzerFinding[] = [];
  let walk;
  try {
    walk = await image.walkLayer(layer.index, async (entry) => {
      const wanted = selectAnalyzers(analyzers, entry);
      if (!wanted.length) return;
      let content: Buffer;
      try {
        // Non-files (symlinks, dirs) are still analysed with empty content: they shadow lower layers.
        content = entry.type === 'file' ? await entry.read() : EMPTY;
      } catch (err) {
        // An oversized file is skipped with a warning; stream errors (truncation, digest) still fail the walk.
        if ((err as { code?: string }).code !== 'LIMIT_EXCEEDED' || !onWarning) throw err;
        onWarning(wrapError(`skipped /${entry.path} in layer ${layer.digest}`, err).message);
        return;
      }
      const { read: _read, ...info } = entry;
      for (const a of wanted) {
        try {
          findings.push(...(await analyzeEntry([a], info, content)));
        } catch (err) {
          const e = wrapError(`layer ${layer.digest}`, err);
          if (!onWarning) throw e;
          onWarning(e.message);
          // An unreadable file still shadows the same path in lower layers (what the union fs shows).
          findings.push({ analyzer: a.type, path: entry.path });
        }
      }
    });
  } catch (err) {
    throw wrapError(`failed to read layer ${layer.digest}`, err);
  }
  return { diffId: layer.diffId, findings, whiteouts: walk.whiteouts, opaqueDirs: walk.opaqueDirs };
}

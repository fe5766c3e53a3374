// The explicit analyzer registry: type → analyzer (architecture.md convention 2). The scan
// orchestration runs every registered analyzer on each layer; a test checks this map equals the
// analyzer folders (os/, pkg/*, lang/*).
import type { Analyzer } from './types.js';
import os from './os/index.js';
import apk from './pkg/apk/index.js';
import dpkg from './pkg/dpkg/index.js';
import rpm from './pkg/rpm/index.js';

export const analyzers: Readonly<Record<string, Analyzer>> = Object.freeze({
  os,
  apk,
  dpkg,
  rpm,
});

/** All analyzers, in a stable order. */
export function allAnalyzers(): Analyzer[] {
  return Object.keys(analyzers)
    .sort()
    .map((k) => analyzers[k]!);
}

/**
 * `type:version` of every analyzer, sorted: part of the per-layer cache key, so bumping one
 * analyzer's version invalidates cached layer results (Trivy pkg/cache/key.go does the same).
 */
export function analyzerVersions(list: Analyzer[] = allAnalyzers()): string {
  return list
    .map((a) => `${a.type}:${a.version}`)
    .sort()
    .join(',');
}

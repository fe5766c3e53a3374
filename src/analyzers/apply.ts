// The applier: merges per-layer analysis results (bottom layer first) into the image's final
// inventory, as the union filesystem would present it, and traces each package to its layer.
// ref: OCI image-spec layer.md "Whiteouts" (a whiteout deletes a path and everything below it from
// lower layers; an opaque directory hides all lower-layer content below it) and Trivy
// pkg/fanal/applier/docker.go (findings keyed by file path; the top-most one wins).
import type { OsInfo, Package } from '../core/model.js';
import { OS_PRIORITY } from './os/index.js';
import { osPackagePurl } from './purl.js';
import type { AnalyzerFinding, LayerAnalysis } from './types.js';

export interface Inventory {
  os: OsInfo | null;
  packages: Package[];
}

interface Placed {
  layer: number;
  findings: AnalyzerFinding[];
}

function under(path: string, dir: string): boolean {
  return dir === '' || path === dir || path.startsWith(`${dir}/`);
}

function packageKey(p: Package): string {
  return `${p.type}\0${p.name}\0${p.version}\0${p.arch ?? ''}`;
}

/**
 * Merge OS facts by priority: os-release beats the older release files; a lower-priority file of the
 * same family only fills what is missing (Debian testing's os-release has no VERSION_ID), except
 * alpine-release, which always gives Alpine's full version (3.10.2 where os-release may say 3.10).
 */
type OsFact = Partial<OsInfo> & { source?: string };

export function mergeOs(facts: OsFact[]): OsInfo | null {
  const known = facts
    .filter((f): f is OsFact & { family: string } => typeof f.family === 'string' && f.family !== '')
    .sort((a, b) => (OS_PRIORITY[b.source ?? ''] ?? 0) - (OS_PRIORITY[a.source ?? ''] ?? 0));
  const top = known[0];
  if (!top) return null;
  const os: OsInfo = { family: top.family, version: top.version ?? '' };
  if (top.name) os.name = top.name;
  if (top.codename) os.codename = top.codename;
  for (const f of known.slice(1)) {
    if (f.family !== os.family) continue;
    if (!os.version && f.version) os.version = f.version;
    if (!os.name && f.name) os.name = f.name;
    if (!os.codename && f.codename) os.codename = f.codename;
    if (f.source === 'etc/alpine-release' && f.version) os.version = f.version;
  }
  return os;
}

/** Apply one layer's deletions to what the layers below it left. */
function applyDeletions(state: Map<string, Placed>, layer: LayerAnalysis): void {
  if (!layer.opaqueDirs.length && !layer.whiteouts.length) return;
  for (const path of [...state.keys()]) {
    if (
      layer.opaqueDirs.some((d) => under(path, d) && path !== d) ||
      layer.whiteouts.some((w) => under(path, w))
    ) {
      state.delete(path);
    }
  }
}

/**
 * Merge `layers` (bottom to top) into the final inventory. Each package's `layer` is the diff id of
 * the lowest layer from which the same name, version and arch is present without interruption up to
 * the top; a package deleted by a later layer is not in the inventory.
 */
export function applyLayers(layers: LayerAnalysis[]): Inventory {
  const state = new Map<string, Placed>();
  // Package key → index of the layer since which it has been present continuously.
  let since = new Map<string, number>();
  layers.forEach((layer, index) => {
    applyDeletions(state, layer);
    const byPath = new Map<string, AnalyzerFinding[]>();
    for (const f of layer.findings) {
      const list = byPath.get(f.path);
      if (list) list.push(f);
      else byPath.set(f.path, [f]);
    }
    for (const [path, findings] of byPath) state.set(path, { layer: index, findings });
    const next = new Map<string, number>();
    for (const placed of state.values()) {
      for (const f of placed.findings) {
        for (const p of f.packages ?? []) {
          const key = packageKey(p);
          if (!next.has(key)) next.set(key, since.get(key) ?? index);
        }
      }
    }
    since = next;
  });

  const os = mergeOs([...state.values()].flatMap((p) => p.findings.flatMap((f) => (f.os ? [f.os] : []))));
  const seen = new Set<string>();
  const packages: Package[] = [];
  const paths = [...state.keys()].sort();
  for (const path of paths) {
    for (const f of state.get(path)!.findings) {
      for (const p of f.packages ?? []) {
        const key = packageKey(p);
        if (seen.has(key)) continue;
        seen.add(key);
        const origin = layers[since.get(key)!]!;
        const out: Package = { ...p, layer: origin.diffId };
        if (p.type === 'deb' || p.type === 'apk' || p.type === 'rpm') out.purl = osPackagePurl(p, os);
        packages.push(out);
      }
    }
  }
  packages.sort(
    (a, b) =>
      cmp(a.type, b.type) ||
      cmp(a.name, b.name) ||
      cmp(a.arch ?? '', b.arch ?? '') ||
      cmp(a.version, b.version),
  );
  return { os, packages };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

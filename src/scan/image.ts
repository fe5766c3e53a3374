// Build-side pipeline for one image: source → layers → analyzers → inventory → matchers → report.
// ref: architecture.md "One pipeline, many plug-ins".
import { currentTime } from '../core/clock.js';
import { emptyReport, type Report } from '../core/model.js';
import { allAnalyzers } from '../analyzers/api.js';
import { applyLayers } from '../analyzers/apply.js';
import type { Analyzer } from '../analyzers/types.js';
import { openImage } from '../image/open.js';
import { defaultCacheDir, FileLayerCache, noCache } from './cache.js';
import { analyzeLayers } from './layers.js';
import { scanVulnerabilities } from './vulns.js';

export type Scanner = 'vuln' | 'misconfig' | 'secret';

export interface ImageScanOptions {
  target: string;
  scanners: Scanner[];
  platform?: string;
  insecure?: boolean;
  /** Registry credentials for this scan; otherwise Docker config / credential helpers are used. */
  credentials?: { username: string; password: string };
  db?: string;
  offline?: boolean;
  skipDbUpdate?: boolean;
  dbMirror?: string;
  /** Layer cache dir; null disables the cache; undefined uses the default. */
  cacheDir?: string | null;
  onWarning?: (message: string) => void;
  onLayers?: (count: number) => void;
  onLayerDone?: () => void;
}

export async function scanImage(opts: ImageScanOptions): Promise<Report> {
  const warnings: string[] = [];
  const warn = (m: string): void => {
    warnings.push(m);
    opts.onWarning?.(m);
  };
  const image = await openImage(opts.target, {
    platform: opts.platform,
    insecure: opts.insecure,
    ...(opts.credentials
      ? {
          registry: {
            credentials: {
              credential: { kind: 'basic', ...opts.credentials },
              source: `user ${opts.credentials.username} from the command line`,
            },
          },
        }
      : {}),
  });
  try {
    // Package analyzers always run (every scanner needs the inventory); checks add their own. The
    // checks (secret rules, image rules) load only when their scanner is on: a plain vulnerability
    // scan does not pay for compiling them.
    const checks = opts.scanners.some((s) => s !== 'vuln') ? await import('./checks.js') : null;
    const analyzers: Analyzer[] = [...allAnalyzers(), ...(checks?.checkAnalyzers(opts.scanners) ?? [])];
    const cache = opts.cacheDir === null ? noCache : new FileLayerCache(opts.cacheDir ?? defaultCacheDir());
    opts.onLayers?.(image.layers.length);
    const { layers, cacheHits } = await analyzeLayers(image, analyzers, {
      cache,
      onWarning: warn,
      onLayerDone: () => opts.onLayerDone?.(),
    });
    const inventory = applyLayers(layers);

    const report: Report = {
      ...emptyReport({ name: opts.target, kind: image.kind, digest: image.digest }),
      os: inventory.os,
      packages: inventory.packages,
    };
    if (opts.scanners.includes('vuln')) {
      const vulns = await scanVulnerabilities(inventory.os, inventory.packages, {
        db: opts.db,
        offline: opts.offline,
        skipUpdate: opts.skipDbUpdate,
        mirror: opts.dbMirror,
        warn,
      });
      report.vulnerabilities = vulns.vulnerabilities;
      if (vulns.gaps.length) report.dataGaps = vulns.gaps;
    }
    const metadata: Record<string, unknown> = {};
    if (checks && opts.scanners.includes('misconfig')) {
      const sizeBytes = image.layers.reduce((n, l) => n + l.size, 0);
      const result = checks.imageMisconfigurations(image.config, layers, {
        os: inventory.os,
        packageCount: inventory.packages.length,
        sizeBytes,
      });
      report.misconfigurations = result.misconfigurations;
      metadata.baseImage = result.base;
      metadata.attackSurface = result.figures;
    }
    if (checks && opts.scanners.includes('secret')) report.secrets = checks.collectSecrets(layers);
    report.metadata = {
      ...metadata,
      scanners: opts.scanners,
      imageConfig: {
        os: image.config.os,
        architecture: image.config.architecture,
        user: image.config.config?.User ?? '',
      },
      repoTags: image.repoTags,
      layers: image.layers.map((l) => ({
        digest: l.digest,
        diffId: l.diffId,
        size: l.size,
        createdBy: l.createdBy,
      })),
      cacheHits,
    };
    if (warnings.length) report.warnings = warnings;
    // When the scan finished: SBOM timestamps and vuln attestations carry it (SOURCE_DATE_EPOCH pins it).
    report.createdAt = currentTime().toISOString();
    return report;
  } finally {
    await image.close();
  }
}

// Image checks over a real image (debootstrap Debian bookworm) through the layer analyzers, and
// secret collection across layers (deleted files still flagged).
import { describe, expect, it } from 'vitest';
import { allAnalyzers } from '../../analyzers/api.js';
import { applyLayers } from '../../analyzers/apply.js';
import { analyzeFileEntry } from '../../analyzers/run.js';
import type { AnalyzerFinding, LayerAnalysis } from '../../analyzers/types.js';
import { openImage } from '../../image/open.js';
import { bookwormOciLayout } from '../../../test/support/images.js';
import { missingTools } from '../../../test/support/tools.js';
import { checkAnalyzers } from '../analyzers.js';
import { collectSecrets, finalFiles, imageMisconfigurations } from './collect.js';

const skip = missingTools(['debootstrap', 'umoci'], { root: true });

describe.skipIf(skip !== null)('image checks on debootstrap bookworm', () => {
  it('finds root user, setuid files, shell and apt, identifies Debian and recommends a smaller base', async () => {
    const { dir, tag } = await bookwormOciLayout();
    const image = await openImage(`oci:${dir}:${tag}`);
    const analyzers = [...allAnalyzers(), ...checkAnalyzers(['misconfig', 'secret'])];
    const layers: LayerAnalysis[] = [];
    try {
      for (const layer of image.layers) {
        const findings: AnalyzerFinding[] = [];
        const walk = await image.walkLayer(layer.index, async (entry) => {
          findings.push(...(await analyzeFileEntry(analyzers, entry)));
        });
        layers.push({
          diffId: layer.diffId,
          findings,
          whiteouts: walk.whiteouts,
          opaqueDirs: walk.opaqueDirs,
        });
      }
    } finally {
      await image.close();
    }
    const inv = applyLayers(layers);
    const size = image.layers.reduce((n, l) => n + l.size, 0);
    const r = imageMisconfigurations(image.config, layers, {
      os: inv.os,
      packageCount: inv.packages.length,
      sizeBytes: size,
    });
    const ids = new Set(r.misconfigurations.map((m) => m.id));
    expect(ids).toEqual(
      new Set([
        'image:user-root',
        'image:healthcheck-missing',
        'image:setuid-setgid',
        'image:shell-present',
        'image:package-manager-present',
      ]),
    );
    const setuid = r.misconfigurations.filter((m) => m.id === 'image:setuid-setgid').map((m) => m.file);
    expect(setuid).toEqual(expect.arrayContaining(['/usr/bin/su', '/usr/bin/passwd']));
    // minbase has about as many packages as debian:12-slim and no perl.
    expect(r.base.kind).toBe('debian-slim');
    expect(r.base.recommendation).toMatch(/gcr.io\/distroless\/base-debian12/);
    expect(r.figures.packageCount).toBeGreaterThan(80);
    expect(collectSecrets(layers)).toEqual([]);
    console.log(
      `bookworm: ${r.figures.packageCount} packages, ${(r.figures.sizeBytes / 1e6).toFixed(1)} MB in ${r.figures.layerCount} layer(s); ` +
        `base ${r.base.description} → ${r.base.recommendation}; findings: ${[...ids].join(', ')}`,
    );
    expect(
      finalFiles(layers).some((f) => f.path === 'etc/passwd' && f.content?.startsWith('root:x:0:0')),
    ).toBe(true);
  }, 600_000);
});

describe('secrets across layers', () => {
  const secret = {
    id: 'github-token',
    category: 'GitHub',
    severity: 'CRITICAL' as const,
    title: 'GitHub token',
    file: 'root/.git-credentials',
    line: 1,
    match: 'https://***@github.com',
  };
  const layer = (
    diffId: string,
    findings: AnalyzerFinding[],
    whiteouts: string[] = [],
    opaqueDirs: string[] = [],
  ): LayerAnalysis => ({ diffId, findings, whiteouts, opaqueDirs });

  it.each([
    [
      'kept in the final image',
      [layer('sha256:a', [{ analyzer: 'secret', path: 'root/.git-credentials', secrets: [secret] }])],
      undefined,
    ],
    [
      'deleted by a whiteout in a later layer',
      [
        layer('sha256:a', [{ analyzer: 'secret', path: 'root/.git-credentials', secrets: [secret] }]),
        layer('sha256:b', [], ['root/.git-credentials']),
      ],
      true,
    ],
    [
      'hidden by an opaque directory',
      [
        layer('sha256:a', [{ analyzer: 'secret', path: 'root/.git-credentials', secrets: [secret] }]),
        layer('sha256:b', [], [], ['root']),
      ],
      true,
    ],
    [
      'replaced by a clean file',
      [
        layer('sha256:a', [{ analyzer: 'secret', path: 'root/.git-credentials', secrets: [secret] }]),
        layer('sha256:b', [{ analyzer: 'secret', path: 'root/.git-credentials' }]),
      ],
      true,
    ],
  ])('a secret %s', (_name, layers, deleted) => {
    const [s] = collectSecrets(layers);
    expect(s).toMatchObject({ id: 'github-token', file: '/root/.git-credentials', layer: 'sha256:a' });
    expect(s!.deleted).toBe(deleted);
  });
});

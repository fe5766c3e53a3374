// CycloneDX JSON SBOM with the scan's vulnerabilities (`--format cyclonedx`, `cyclonedx@1.5`).
// The renderer (and the CycloneDX library, ~100 modules) loads only when this format is used.
import { CYCLONEDX_VERSIONS, type CycloneDxVersion } from '../sbom/cyclonedx-versions.js';
import type { ReportFormat } from './types.js';

export const format: ReportFormat = {
  id: 'cyclonedx',
  description:
    'CycloneDX 1.6 JSON SBOM with vulnerabilities (cyclonedx@1.5, cyclonedx@1.7 for other versions)',
  versions: CYCLONEDX_VERSIONS,
  async render(report, opts) {
    const { renderCycloneDx } = await import('../sbom/cyclonedx.js');
    return renderCycloneDx(report, {
      now: opts.now,
      specVersion: opts.version as CycloneDxVersion | undefined,
    });
  },
};

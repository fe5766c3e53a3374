// CycloneDX JSON SBOM with the scan's vulnerabilities (`--format cyclonedx`, `cyclonedx@1.5`).
import { CYCLONEDX_VERSIONS, renderCycloneDx, type CycloneDxVersion } from '../sbom/cyclonedx.js';
import type { ReportFormat } from './types.js';

export const format: ReportFormat = {
  id: 'cyclonedx',
  description:
    'CycloneDX 1.6 JSON SBOM with vulnerabilities (cyclonedx@1.5, cyclonedx@1.7 for other versions)',
  versions: CYCLONEDX_VERSIONS,
  render(report, opts) {
    return renderCycloneDx(report, {
      now: opts.now,
      specVersion: opts.version as CycloneDxVersion | undefined,
    });
  },
};

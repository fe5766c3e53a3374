// SPDX 2.3 JSON SBOM (`--format spdx-json`, as Trivy and Syft name it). Loaded on use, like CycloneDX.
import type { ReportFormat } from './types.js';

export const format: ReportFormat = {
  id: 'spdx-json',
  description: 'SPDX 2.3 JSON SBOM',
  async render(report, opts) {
    const { renderSpdxJson } = await import('../sbom/spdx.js');
    return renderSpdxJson(report, { now: opts.now });
  },
};

// SPDX 2.3 JSON SBOM (`--format spdx-json`, as Trivy and Syft name it).
import { renderSpdxJson } from '../sbom/spdx.js';
import type { ReportFormat } from './types.js';

export const format: ReportFormat = {
  id: 'spdx-json',
  description: 'SPDX 2.3 JSON SBOM',
  render(report, opts) {
    return renderSpdxJson(report, { now: opts.now });
  },
};

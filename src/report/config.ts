// The JSON report (schema v1) of `bulwark config`: misconfigurations, notices and what was read.
import type { Misconfiguration, Report } from '../core/model.js';
import { emptyReport } from '../core/model.js';
import type { Severity } from '../core/severity.js';
import type { AnalyzeResult } from '../checks/config/analyze.js';
import { formatLevelVersion, type LevelVersion } from '../checks/kubernetes/pss/version.js';

export interface ConfigReportOptions {
  severities?: readonly Severity[];
  pss?: LevelVersion;
}

export function configReport(
  paths: string[],
  result: AnalyzeResult,
  opts: ConfigReportOptions = {},
): { report: Report; count: number } {
  const keep = opts.severities?.length ? new Set(opts.severities) : null;
  const misconfigurations: Misconfiguration[] = result.misconfigurations.filter(
    (m) => !keep || keep.has(m.severity),
  );
  const report: Report = {
    ...emptyReport({ name: paths.join(' '), kind: 'config' }),
    misconfigurations,
    ...(result.warnings.length ? { warnings: result.warnings } : {}),
    metadata: {
      scanners: ['misconfig'],
      config: {
        files: result.files.filter((f) => f.types.length),
        ...(opts.pss ? { pss: formatLevelVersion(opts.pss) } : {}),
      },
    },
  };
  return { report, count: misconfigurations.length };
}

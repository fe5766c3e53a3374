// Result filters shared by every scan command: --severity, --ignore-unfixed, and the --exit-code gate.
import type { Report } from '../core/model.js';
import type { Severity } from '../core/severity.js';

export interface FilterOptions {
  severities?: readonly Severity[];
  ignoreUnfixed?: boolean;
}

/** Returns a new report holding only the findings the user asked to see. Packages are never filtered. */
export function filterReport(report: Report, opts: FilterOptions): Report {
  const sev = opts.severities && opts.severities.length ? new Set(opts.severities) : null;
  const keep = (s: Severity): boolean => !sev || sev.has(s);
  return {
    ...report,
    vulnerabilities: report.vulnerabilities.filter(
      (v) => keep(v.severity) && !(opts.ignoreUnfixed && v.fixedVersion === null),
    ),
    misconfigurations: report.misconfigurations.filter((m) => keep(m.severity)),
    secrets: report.secrets.filter((s) => keep(s.severity)),
  };
}

/** Number of findings that trip `--exit-code` (after filtering), as Trivy counts them. */
export function findingCount(report: Report): number {
  return report.vulnerabilities.length + report.misconfigurations.length + report.secrets.length;
}

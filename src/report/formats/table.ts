// Human table: a summary line per scanner, then findings grouped by package (as Trivy's table),
// most severe first. Colour only adds emphasis; the text reads the same without it.
import type { Report, Secret, Vulnerability } from '../../core/model.js';
import { compareSeverity, SEVERITIES, type Severity } from '../../core/severity.js';
import { paint, paintSeverity, renderTable } from '../style.js';
import { misconfigTable } from '../misconfig-table.js';
import type { ReportFormat } from './types.js';

function countBySeverity(items: { severity: Severity }[]): string {
  const counts = SEVERITIES.map((s) => [s, items.filter((i) => i.severity === s).length] as const);
  return `Total: ${items.length} (${counts.map(([s, n]) => `${s}: ${n}`).join(', ')})`;
}

function truncate(s: string | undefined, n: number): string {
  if (!s) return '';
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > n ? `${one.slice(0, n - 1)}…` : one;
}

function vulnTable(vulns: Vulnerability[], color: boolean): string {
  // Group by package (name + installed version + type), packages ordered by their worst finding.
  const groups = new Map<string, Vulnerability[]>();
  for (const v of vulns) {
    const k = `${v.type}\u0000${v.package}\u0000${v.version}`;
    const g = groups.get(k);
    if (g) g.push(v);
    else groups.set(k, [v]);
  }
  const ordered = [...groups.values()]
    .map((g) => g.sort((a, b) => compareSeverity(a.severity, b.severity) || a.id.localeCompare(b.id)))
    .sort(
      (a, b) => compareSeverity(a[0]!.severity, b[0]!.severity) || a[0]!.package.localeCompare(b[0]!.package),
    );
  const rows: string[][] = [];
  for (const g of ordered) {
    g.forEach((v, i) => {
      rows.push([
        i === 0 ? v.package : '',
        i === 0 ? v.version : '',
        v.id,
        paintSeverity(v.severity, color),
        v.status,
        v.fixedVersion ?? paint('gray', '(no fix)', color),
        truncate(v.title, 60),
      ]);
    });
  }
  return renderTable(
    ['Package', 'Installed', 'Vulnerability', 'Severity', 'Status', 'Fixed Version', 'Title'],
    rows,
    color,
  );
}

function secretTable(items: Secret[], color: boolean): string {
  const rows = items.map((s) => [
    `${s.file}${s.line ? `:${s.line}` : ''}${s.deleted ? ' (deleted in a later layer)' : ''}`,
    s.id,
    paintSeverity(s.severity, color),
    truncate(s.match, 60),
  ]);
  return renderTable(['Location', 'Secret', 'Severity', 'Match (redacted)'], rows, color);
}

/** Base image and attack-surface lines of an image misconfiguration scan (metadata from scan/). */
function imageSummary(report: Report): string[] {
  const base = report.metadata?.baseImage as
    { description: string; recommendation: string | null } | undefined;
  const fig = report.metadata?.attackSurface as
    { sizeBytes: number; packageCount: number; layerCount: number } | undefined;
  const out: string[] = [];
  if (base) {
    out.push(
      `Base image: ${base.description}${base.recommendation ? `; smaller base: ${base.recommendation}` : ' (already minimal)'}`,
    );
  }
  if (fig) {
    const mb = (fig.sizeBytes / 1e6).toFixed(1);
    out.push(
      `Attack surface: ${mb} MB in ${fig.layerCount} layer${fig.layerCount === 1 ? '' : 's'}, ${fig.packageCount} packages`,
    );
  }
  return out;
}

export const format: ReportFormat = {
  id: 'table',
  description: 'human-readable tables grouped by package',
  render(report: Report, { color }) {
    const out: string[] = [];
    const os = report.os ? ` (${report.os.family} ${report.os.version})` : '';
    out.push(paint('bold', `${report.artifact.name}${os}`, color));
    if (report.artifact.digest) out.push(paint('gray', report.artifact.digest, color));
    const byType = new Map<string, number>();
    for (const p of report.packages) byType.set(p.type, (byType.get(p.type) ?? 0) + 1);
    const pkgSummary = [...byType].map(([t, n]) => `${n} ${t}`).join(', ');
    // A config scan has no packages; the line would only confuse.
    if (report.artifact.kind !== 'config')
      out.push(`Packages: ${report.packages.length}${pkgSummary ? ` (${pkgSummary})` : ''}`);
    const scanners = (report.metadata?.scanners as string[] | undefined) ?? ['vuln'];
    if (scanners.includes('vuln')) {
      out.push('', paint('bold', 'Vulnerabilities', color), countBySeverity(report.vulnerabilities));
      // Missing data is said in the report itself, not only on stderr: "Total: 0" must not read as clean.
      for (const g of report.dataGaps ?? [])
        out.push(paint('red', `Incomplete: ${g.packages} packages unmatched: ${g.message}`, color));
      if (report.vulnerabilities.length) out.push('', vulnTable(report.vulnerabilities, color));
    }
    if (scanners.includes('misconfig') || report.misconfigurations.length) {
      out.push('', paint('bold', 'Misconfigurations', color), countBySeverity(report.misconfigurations));
      out.push(...imageSummary(report));
      if (report.misconfigurations.length) out.push('', misconfigTable(report.misconfigurations, color));
    }
    if (scanners.includes('secret') || report.secrets.length) {
      out.push('', paint('bold', 'Secrets', color), countBySeverity(report.secrets));
      if (report.secrets.length) out.push('', secretTable(report.secrets, color));
    }
    return out.join('\n');
  },
};

// SARIF 2.1.0 (OASIS sarif-v2.1.0-os): one run, one rule per finding id, results with file and line.
// Misconfigurations carry their peer ids as tags; vulnerabilities and secrets are included too so
// one upload to a code-scanning service shows everything a scan found. `security-severity` follows
// GitHub code scanning (CRITICAL 9.5, HIGH 8.0, MEDIUM 5.5, LOW 2.0).
import type { Report } from '../../core/model.js';
import type { Severity } from '../../core/severity.js';
import { VERSION } from '../../core/version.js';
import type { ReportFormat } from './types.js';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = {
  CRITICAL: 'error',
  HIGH: 'error',
  MEDIUM: 'warning',
  LOW: 'note',
  UNKNOWN: 'note',
};
const SECURITY_SEVERITY: Record<Severity, string> = {
  CRITICAL: '9.5',
  HIGH: '8.0',
  MEDIUM: '5.5',
  LOW: '2.0',
  UNKNOWN: '0.0',
};

interface SarifRule {
  id: string;
  name: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  help: { text: string; markdown: string };
  defaultConfiguration: { level: string };
  properties: { tags: string[]; 'security-severity': string; precision: string };
}

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: string;
  message: { text: string };
  locations: { physicalLocation: { artifactLocation: { uri: string }; region?: { startLine: number } } }[];
  properties?: Record<string, unknown>;
}

/** A relative path or file URI for artifactLocation.uri (RFC 3986 reference, segments encoded). */
export function toUri(path: string): string {
  const enc = (p: string) => p.split('/').map(encodeURIComponent).join('/');
  const norm = path.replace(/\\/g, '/');
  if (norm.startsWith('/')) return `file://${enc(norm)}`;
  return enc(norm.replace(/^\.\//, ''));
}

function ruleName(id: string): string {
  return id
    .replace(/^[a-z0-9]+:/, '')
    .split(/[-_:]/)
    .map((w) => (w ? w[0]!.toUpperCase() + w.slice(1) : w))
    .join('');
}

/** The rule's documentation page in the Bulwark source tree (relative, as no site is published). */
function docsPath(id: string): string | undefined {
  const m = /^(k8s|dockerfile|compose|oci|image):(.+)$/.exec(id);
  return m ? `docs/rules/${m[1]}/${m[2]}.md` : undefined;
}

export function toSarif(report: Report, version: string): object {
  const rules: SarifRule[] = [];
  const index = new Map<string, number>();
  const rule = (id: string, title: string, severity: Severity, tags: string[], text: string): number => {
    const known = index.get(id);
    if (known !== undefined) return known;
    const doc = docsPath(id);
    rules.push({
      id,
      name: ruleName(id) || id,
      shortDescription: { text: title },
      fullDescription: { text: text || title },
      help: {
        text: `${title}${tags.length ? ` (${tags.join(', ')})` : ''}`,
        markdown: `**${title}**${tags.length ? `\n\nPeer ids: ${tags.map((t) => `\`${t}\``).join(', ')}` : ''}${doc ? `\n\nDocumentation: \`${doc}\` in the Bulwark repository.` : ''}`,
      },
      defaultConfiguration: { level: LEVEL[severity] },
      properties: {
        tags: ['security', ...tags],
        'security-severity': SECURITY_SEVERITY[severity],
        precision: 'very-high',
      },
    });
    index.set(id, rules.length - 1);
    return rules.length - 1;
  };
  const loc = (file: string, line?: number) => [
    {
      physicalLocation: {
        artifactLocation: { uri: toUri(file) },
        ...(line && line > 0 ? { region: { startLine: line } } : {}),
      },
    },
  ];
  const results: SarifResult[] = [];
  for (const m of report.misconfigurations) {
    const ruleIndex = rule(m.id, m.title, m.severity, m.refs, m.title);
    results.push({
      ruleId: m.id,
      ruleIndex,
      level: LEVEL[m.severity],
      message: { text: m.resource ? `${m.resource}: ${m.message}` : m.message },
      locations: loc(m.file, m.line),
      properties: { severity: m.severity, refs: m.refs },
    });
  }
  for (const v of report.vulnerabilities) {
    const ruleIndex = rule(
      v.id,
      v.title ?? `${v.id} in ${v.package}`,
      v.severity,
      v.aliases,
      v.title ?? v.id,
    );
    results.push({
      ruleId: v.id,
      ruleIndex,
      level: LEVEL[v.severity],
      message: {
        text: `${v.package} ${v.version} is affected by ${v.id}${v.fixedVersion ? `; fixed in ${v.fixedVersion}` : '; no fix yet'}`,
      },
      locations: loc(report.artifact.name),
      properties: { severity: v.severity, purl: v.purl, fixedVersion: v.fixedVersion },
    });
  }
  for (const s of report.secrets) {
    const ruleIndex = rule(s.id, s.title, s.severity, [s.category], s.title);
    results.push({
      ruleId: s.id,
      ruleIndex,
      level: LEVEL[s.severity],
      message: {
        text: `${s.title}: ${s.match}${s.deleted ? ' (deleted in a later layer, still in the image)' : ''}`,
      },
      locations: loc(s.file, s.line),
      properties: { severity: s.severity, ...(s.layer ? { layer: s.layer } : {}) },
    });
  }
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'Bulwark', version, semanticVersion: version, rules } },
        results,
        // SARIF's place for "the tool could not do part of its job": a code-scanning service shows
        // these beside the results, so zero results with missing data is not read as clean.
        ...(report.dataGaps?.length
          ? {
              invocations: [
                {
                  executionSuccessful: true,
                  toolExecutionNotifications: report.dataGaps.map((g) => ({
                    level: 'error',
                    message: { text: g.message },
                    descriptor: { id: `data-gap/${g.reason}` },
                    properties: { ecosystem: g.ecosystem, release: g.release, packages: g.packages },
                  })),
                },
              ],
            }
          : {}),
        columnKind: 'utf16CodeUnits',
        properties: {
          artifact: report.artifact,
          ...(report.warnings?.length ? { warnings: report.warnings } : {}),
        },
      },
    ],
  };
}

export const format: ReportFormat = {
  id: 'sarif',
  description: 'SARIF 2.1.0 for code-scanning services (GitHub, GitLab, Azure DevOps)',
  render(report) {
    return JSON.stringify(toSarif(report, VERSION), null, 2);
  },
};

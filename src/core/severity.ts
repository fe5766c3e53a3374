// Severity scale shared by vulnerabilities, misconfigurations and secrets (JSON report schema v1).

export const SEVERITIES = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'UNKNOWN'] as const;
export type Severity = (typeof SEVERITIES)[number];

const RANK: Record<Severity, number> = { CRITICAL: 4, HIGH: 3, MEDIUM: 2, LOW: 1, UNKNOWN: 0 };

export function severityRank(s: Severity): number {
  return RANK[s];
}

/** Sort helper: most severe first. */
export function compareSeverity(a: Severity, b: Severity): number {
  return RANK[b] - RANK[a];
}

export function isSeverity(s: string): s is Severity {
  return (SEVERITIES as readonly string[]).includes(s);
}

/** Parse a `--severity CRITICAL,HIGH` list; returns null on an unknown name. */
export function parseSeverityList(input: string): Severity[] | null {
  const out: Severity[] = [];
  for (const part of input.split(',')) {
    const s = part.trim().toUpperCase();
    if (!s) continue;
    if (!isSeverity(s)) return null;
    if (!out.includes(s)) out.push(s);
  }
  return out.length ? out : null;
}

/** CVSS base score → qualitative rating (CVSS v3.1 spec §5, same bands in v4.0). */
export function severityFromScore(score: number): Severity {
  if (!Number.isFinite(score)) return 'UNKNOWN';
  if (score >= 9) return 'CRITICAL';
  if (score >= 7) return 'HIGH';
  if (score >= 4) return 'MEDIUM';
  if (score > 0) return 'LOW';
  return 'UNKNOWN';
}

// Conditions on verified attestations. Everything here reads an in-toto statement whose signature and
// subject were already verified; a condition that cannot be evaluated (missing field, unknown
// predicate shape) fails, never passes.
import type { Statement } from '../../signing/intoto/statement.js';
import type { AttestationFact, AttestationRequirement, PathCondition } from './types.js';

/** `predicate.runDetails.builder.id` → value; numeric segments index arrays. */
export function getPath(root: unknown, path: string): unknown {
  let cur: unknown = root;
  for (const seg of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    if (Array.isArray(cur)) {
      if (!/^\d+$/.test(seg)) return undefined;
      cur = cur[Number(seg)];
    } else {
      if (!Object.prototype.hasOwnProperty.call(cur, seg)) return undefined;
      cur = (cur as Record<string, unknown>)[seg];
    }
  }
  return cur;
}

function equal(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export function checkPathCondition(statement: Statement, c: PathCondition): string | null {
  const v = getPath(statement, c.path);
  const show = (x: unknown) => (x === undefined ? 'missing' : JSON.stringify(x));
  if (c.exists !== undefined) return (v !== undefined) === c.exists ? null : `${c.path} is ${show(v)}`;
  if (v === undefined) return `${c.path} is missing`;
  if ('equals' in c) return equal(v, c.equals) ? null : `${c.path} is ${show(v)}, not ${show(c.equals)}`;
  if ('notEquals' in c) return !equal(v, c.notEquals) ? null : `${c.path} is ${show(v)}`;
  if (c.in) return c.in.some((x) => equal(v, x)) ? null : `${c.path} is ${show(v)}, not one of ${show(c.in)}`;
  if (c.matches !== undefined) {
    return typeof v === 'string' && new RegExp(c.matches, 'u').test(v)
      ? null
      : `${c.path} is ${show(v)}, not matching /${c.matches}/`;
  }
  return `${c.path}: no operator`;
}

/** SLSA builder id: v1 `runDetails.builder.id`, v0.2 `builder.id`. */
export function builderId(statement: Statement): string | undefined {
  const v =
    getPath(statement.predicate, 'runDetails.builder.id') ?? getPath(statement.predicate, 'builder.id');
  return typeof v === 'string' ? v : undefined;
}

const TIME_PATHS = [
  'metadata.scanFinishedOn', // cosign vuln predicate
  'metadata.scanStartedOn',
  'runDetails.metadata.finishedOn', // SLSA v1
  'runDetails.metadata.startedOn',
  'metadata.buildFinishedOn', // SLSA v0.2
  'metadata.buildStartedOn',
  'metadata.timestamp', // CycloneDX
  'creationInfo.created', // SPDX 2.x
  'timestamp', // OpenVEX
];

/** When the attested thing happened, from the predicate, else the verified signing time. */
export function attestationTime(fact: AttestationFact): Date | undefined {
  for (const p of TIME_PATHS) {
    const v = getPath(fact.statement.predicate, p);
    if (typeof v === 'string') {
      const d = new Date(v);
      if (!Number.isNaN(d.getTime())) return d;
    }
  }
  return fact.timestamp;
}

const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;
export function parseDuration(s: string): number {
  const m = /^(\d+)([smhdw])$/.exec(s);
  if (!m) throw new Error(`bad duration ${s}`);
  return Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS];
}

/**
 * Severities of the findings in a vulnerability predicate. Understood shapes: cosign's vuln predicate
 * with `scanner.result` holding a Bulwark report (`vulnerabilities[].severity`), a Trivy report
 * (`Results[].Vulnerabilities[].Severity`) or a Grype report (`matches[].vulnerability.severity`).
 * Returns undefined when the shape is unknown, so callers fail closed.
 */
export function vulnerabilitySeverities(statement: Statement): string[] | undefined {
  const result = getPath(statement.predicate, 'scanner.result');
  if (result === null || typeof result !== 'object') return undefined;
  const r = result as Record<string, unknown>;
  const up = (x: unknown) => (typeof x === 'string' ? x.toUpperCase() : 'UNKNOWN');
  if (Array.isArray(r.vulnerabilities))
    return r.vulnerabilities.map((v) => up((v as { severity?: unknown })?.severity));
  if (Array.isArray(r.Results) || ('SchemaVersion' in r && r.Results === undefined)) {
    return ((r.Results ?? []) as { Vulnerabilities?: { Severity?: unknown }[] }[]).flatMap((x) =>
      (x?.Vulnerabilities ?? []).map((v) => up(v?.Severity)),
    );
  }
  if (Array.isArray(r.matches))
    return r.matches.map((m) =>
      up((m as { vulnerability?: { severity?: unknown } })?.vulnerability?.severity),
    );
  return undefined;
}

/** All failures of `req`'s conditions for one attestation (empty = satisfied). */
export function attestationFailures(fact: AttestationFact, req: AttestationRequirement, now: Date): string[] {
  const out: string[] = [];
  const s = fact.statement;
  if (req.builderId !== undefined || req.builderIdRegExp !== undefined) {
    const id = builderId(s);
    if (id === undefined) out.push('no SLSA builder id');
    else if (req.builderId !== undefined && id !== req.builderId)
      out.push(`builder id is ${id}, not ${req.builderId}`);
    else if (req.builderIdRegExp !== undefined && !new RegExp(req.builderIdRegExp, 'u').test(id))
      out.push(`builder id ${id} does not match /${req.builderIdRegExp}/`);
  }
  if (req.maxAge !== undefined) {
    const t = attestationTime(fact);
    if (!t) out.push('no time in the attestation to check maxAge');
    else if (now.getTime() - t.getTime() > parseDuration(req.maxAge))
      out.push(`made ${t.toISOString()}, older than ${req.maxAge}`);
    else if (t.getTime() - now.getTime() > 5 * 60_000) out.push(`made ${t.toISOString()}, in the future`);
  }
  if (req.denySeverities?.length) {
    const sev = vulnerabilitySeverities(s);
    if (!sev) out.push('no vulnerability results that Bulwark can read in the predicate');
    else {
      for (const d of req.denySeverities) {
        const n = sev.filter((x) => x === d).length;
        if (n > 0) out.push(`${n} ${d} vulnerabilit${n === 1 ? 'y' : 'ies'}`);
      }
    }
  }
  for (const c of req.conditions ?? []) {
    const why = checkPathCondition(s, c);
    if (why) out.push(why);
  }
  return out;
}

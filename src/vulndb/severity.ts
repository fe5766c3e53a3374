// Severity data: CVSS vectors are scored once at import (ae-cvss-calculator implements the FIRST
// specifications for v2, v3.0, v3.1 and v4.0), and a finding's severity is resolved at match time.
// Distribution ratings win over CVSS for OS packages: the distribution judges the impact of the code it
// ships, while NVD's CVSS describes upstream in general (trivy#4102: a Debian "minor" rated CRITICAL).
import { createRequire } from 'node:module';
import { severityFromScore, type Severity } from '../core/severity.js';
import type { SeverityEntry } from './model.js';

type CvssLib = typeof import('ae-cvss-calculator');
let lib: CvssLib | undefined;

function cvssLib(): CvssLib {
  // The package is a CommonJS bundle whose named exports Node's ESM loader cannot see; require it.
  lib ??= createRequire(import.meta.url)('ae-cvss-calculator') as CvssLib;
  return lib;
}

// Feeds repeat the same few thousand vectors across many records: score each once.
const scoreCache = new Map<string, number | undefined>();

/** Base score of a CVSS vector, or undefined when the vector is not valid for its version. */
export function cvssBaseScore(type: string, vector: string): number | undefined {
  if (vector.length > 512) return undefined;
  const key = `${type} ${vector}`;
  if (scoreCache.has(key)) return scoreCache.get(key);
  const score = computeBaseScore(type, vector);
  if (scoreCache.size >= 50_000) scoreCache.clear();
  scoreCache.set(key, score);
  return score;
}

function computeBaseScore(type: string, vector: string): number | undefined {
  try {
    const l = cvssLib();
    let score: number | undefined;
    if (type === 'CVSS_V4') {
      if (!vector.startsWith('CVSS:4.0/')) return undefined;
      score = new l.Cvss4P0(vector).calculateScores().base;
    } else if (type === 'CVSS_V3') {
      if (vector.startsWith('CVSS:3.1/')) score = new l.Cvss3P1(vector).calculateScores().base;
      else if (vector.startsWith('CVSS:3.0/')) score = new l.Cvss3P0(vector).calculateScores().base;
      else return undefined;
    } else if (type === 'CVSS_V2') {
      score = new l.Cvss2(vector).calculateScores().base;
    } else {
      return undefined;
    }
    return typeof score === 'number' && Number.isFinite(score) && score >= 0 && score <= 10
      ? score
      : undefined;
  } catch {
    return undefined;
  }
}

/** Attach computed base scores to CVSS entries. */
export function scoreEntries(entries: SeverityEntry[]): SeverityEntry[] {
  return entries.map((e) => {
    if (!e.type.startsWith('CVSS_')) return e;
    const value = cvssBaseScore(e.type, e.score);
    return value === undefined ? { type: e.type, score: e.score } : { ...e, value };
  });
}

// Distribution rating words → severity.
// Debian urgency (security-team.debian.org/security_tracker.html#severity-levels): a trailing `*`/`**`
// marks an urgency derived from NVD rather than set by the team; the level itself still applies.
// Ubuntu priority (ubuntu.com/security/cves/about#priority). Red Hat impact (access.redhat.com/security/updates/classification).
const RATINGS: Record<string, Severity> = {
  unimportant: 'LOW',
  negligible: 'LOW',
  low: 'LOW',
  medium: 'MEDIUM',
  moderate: 'MEDIUM',
  high: 'HIGH',
  important: 'HIGH',
  critical: 'CRITICAL',
};

/** A distribution rating word → severity; undefined for "not yet assigned", "untriaged", "end-of-life" … */
export function ratingSeverity(word: string): Severity | undefined {
  return RATINGS[word.trim().replace(/\*+$/, '').toLowerCase()];
}

function fromRatings(entries: SeverityEntry[]): Severity | undefined {
  for (const e of entries) {
    if (e.type.startsWith('CVSS_')) continue;
    const s = ratingSeverity(e.score);
    if (s) return s;
  }
  return undefined;
}

function fromCvss(entries: SeverityEntry[], type: string): Severity | undefined {
  let best: number | undefined;
  for (const e of entries) {
    if (e.type !== type) continue;
    const v = e.value ?? cvssBaseScore(e.type, e.score);
    if (v !== undefined && (best === undefined || v > best)) best = v;
  }
  return best === undefined ? undefined : severityFromScore(best);
}

/**
 * Severity of a finding: the distribution's rating for the package, then for the advisory, then the
 * highest CVSS v4, then v3 base score; otherwise UNKNOWN. (CVSS v2 is too coarse to rate on its own.)
 */
export function resolveSeverity(packageLevel: SeverityEntry[], advisoryLevel: SeverityEntry[]): Severity {
  return (
    fromRatings(packageLevel) ??
    fromRatings(advisoryLevel) ??
    fromCvss(packageLevel, 'CVSS_V4') ??
    fromCvss(advisoryLevel, 'CVSS_V4') ??
    fromCvss(packageLevel, 'CVSS_V3') ??
    fromCvss(advisoryLevel, 'CVSS_V3') ??
    'UNKNOWN'
  );
}

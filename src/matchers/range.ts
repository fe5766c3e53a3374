// OSV affected-range evaluation in the distribution's own version scheme.
// ref: OSV schema "Evaluation" — sort the events by version (introduced "0" first), then walk them:
// introduced ≤ v → vulnerable; fixed ≤ v → not; last_affected < v → not; `limit` caps the range.
// Plus the explicit `versions` list. Only ECOSYSTEM (and SEMVER, ordered by the same scheme) ranges
// are evaluated; GIT ranges name commits, which installed OS packages do not have.
import type { VersionScheme } from '../versioning/types.js';
import type { AffectedPackage, RangeEvent } from '../vulndb/model.js';

export interface RangeVerdict {
  affected: boolean;
  /** The first fix above the installed version in the range that matched, if any. */
  fixed?: string;
  /** True when a fixed/last_affected boundary at or below the installed version says it is past the issue. */
  cleared: boolean;
}

type Event = { kind: 'introduced' | 'fixed' | 'last_affected' | 'limit'; version: string };

function toEvent(e: RangeEvent): Event | null {
  if (e.introduced !== undefined) return { kind: 'introduced', version: e.introduced };
  if (e.fixed !== undefined) return { kind: 'fixed', version: e.fixed };
  if (e.last_affected !== undefined) return { kind: 'last_affected', version: e.last_affected };
  if (e.limit !== undefined) return { kind: 'limit', version: e.limit };
  return null;
}

export function evaluateRange(installed: string, events: RangeEvent[], scheme: VersionScheme): RangeVerdict {
  const cmp = (a: string, b: string): number => {
    if (a === b) return 0;
    if (a === '0') return -1; // introduced "0": before every version
    if (b === '0') return 1;
    return scheme.compare(a, b);
  };
  const list = events.map(toEvent).filter((e): e is Event => e !== null);
  const limits = list.filter((e) => e.kind === 'limit');
  if (limits.length && limits.every((l) => cmp(installed, l.version) >= 0))
    return { affected: false, cleared: false };
  const sorted = list.filter((e) => e.kind !== 'limit').sort((a, b) => cmp(a.version, b.version));
  let affected = false;
  let cleared = false;
  let fixed: string | undefined;
  for (const e of sorted) {
    if (e.kind === 'introduced') {
      if (cmp(installed, e.version) >= 0) {
        affected = true;
        cleared = false;
        fixed = undefined;
      }
    } else if (e.kind === 'fixed') {
      if (cmp(installed, e.version) >= 0) {
        if (affected) cleared = true;
        affected = false;
      } else if (affected && fixed === undefined) fixed = e.version;
    } else if (cmp(installed, e.version) > 0) {
      if (affected) cleared = true;
      affected = false;
    }
  }
  return { affected, cleared, ...(affected && fixed !== undefined ? { fixed } : {}) };
}

export interface PackageVerdict {
  affected: boolean;
  fixed?: string;
  cleared: boolean;
}

/** Is `installed` affected by this affected-package entry (any range, or the versions list)? */
export function evaluateAffected(
  installed: string,
  a: AffectedPackage,
  scheme: VersionScheme,
): PackageVerdict {
  let cleared = false;
  let best: PackageVerdict | undefined;
  for (const r of a.ranges) {
    if (r.type !== 'ECOSYSTEM' && r.type !== 'SEMVER') continue;
    const v = evaluateRange(installed, r.events, scheme);
    if (v.affected) {
      // Several matching ranges: report the lowest fix, the first one that gets the user out.
      if (!best || (v.fixed && (!best.fixed || scheme.compare(v.fixed, best.fixed) < 0))) {
        best = { affected: true, cleared: false, ...(v.fixed ? { fixed: v.fixed } : {}) };
      }
    } else if (v.cleared) cleared = true;
  }
  if (best) return best;
  if (a.versions.some((v) => v === installed || scheme.compare(v, installed) === 0)) {
    return { affected: true, cleared: false };
  }
  return { affected: false, cleared };
}

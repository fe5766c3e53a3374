// A Pod Security Standards violation as a report finding: id `pss:<checkId>` (the upstream PSA
// check id), peer ids taken from the extended rules that cite the same check.
import type { Misconfiguration } from '../../core/model.js';
import type { Severity } from '../../core/severity.js';
import { pssChecks } from '../kubernetes/pss/api.js';
import type { PssViolation } from '../kubernetes/pss/types.js';
import { formatLevelVersion, type LevelVersion } from '../kubernetes/pss/version.js';
import { k8sRules } from '../kubernetes/rules/api.js';

let refIndex: Map<string, string[]> | undefined;

/** Peer ids per PSS check, from the extended rules' refs (`pss:privileged` → KSV-0017, CKV_K8S_16 …). */
export function pssRefs(checkId: string): string[] {
  if (!refIndex) {
    refIndex = new Map();
    for (const r of Object.values(k8sRules)) {
      for (const ref of r.refs) {
        if (!ref.startsWith('pss:')) continue;
        const list = refIndex.get(ref.slice(4)) ?? [];
        for (const x of [r.id, ...r.refs]) if (!x.startsWith('pss:') && !list.includes(x)) list.push(x);
        refIndex.set(ref.slice(4), list);
      }
    }
  }
  return refIndex.get(checkId) ?? [];
}

/** Baseline controls block known privilege escalations (HIGH); restricted ones are hardening (MEDIUM). */
export function pssSeverity(checkId: string): Severity {
  return pssChecks[checkId]?.level === 'baseline' ? 'HIGH' : 'MEDIUM';
}

export function pssFinding(
  v: PssViolation,
  lv: LevelVersion,
  file: string,
  line: number,
  resource: string,
): Misconfiguration {
  return {
    id: `pss:${v.checkId}`,
    refs: pssRefs(v.checkId),
    severity: pssSeverity(v.checkId),
    title: `Pod Security Standards ${formatLevelVersion(lv)}: ${v.reason}`,
    file,
    line,
    message: `${v.reason} (${v.detail})`,
    resource,
  };
}

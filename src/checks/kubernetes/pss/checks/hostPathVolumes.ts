// ref: pod-security-admission policy/check_hostPathVolumes.go — baseline, v1.0+.
// spec.volumes[*].hostPath must be undefined or null.
import type { FieldPath, PodLike, PssCheck, PssViolation } from '../types.js';
import { isObject, joinQuote, list, plural, str, specOf } from '../visit.js';

function hostPathVolumes(pod: PodLike): PssViolation | null {
  const spec = specOf(pod);
  if (!spec) return null;
  const vols = list(spec.volumes);
  const bad: string[] = [];
  const paths: FieldPath[] = [];
  for (let i = 0; i < vols.length; i++) {
    const v = vols[i];
    if (isObject(v) && v.hostPath !== undefined && v.hostPath !== null) {
      bad.push(str(v.name));
      paths.push(['spec', 'volumes', i, 'hostPath']);
    }
  }
  if (!bad.length) return null;
  return {
    checkId: 'hostPathVolumes',
    reason: 'hostPath volumes',
    detail: `${plural('volume', 'volumes', bad.length)} ${joinQuote(bad)}`,
    paths,
  };
}

export const check: PssCheck = {
  id: 'hostPathVolumes',
  level: 'baseline',
  versions: [{ minimumMinor: 0, checkPod: hostPathVolumes }],
};

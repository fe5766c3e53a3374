// ref: pod-security-admission policy/check_restrictedVolumes.go — restricted, v1.0+, overrides
// hostPathVolumes. Inline volumes may only be configMap, csi, downwardAPI, emptyDir, ephemeral,
// image, persistentVolumeClaim, projected or secret.
import type { FieldPath, PodLike, PssCheck, PssViolation } from '../types.js';
import { isObject, joinQuote, list, plural, sortedUnique, str, specOf } from '../visit.js';

export const ALLOWED_VOLUME_SOURCES = [
  'configMap',
  'csi',
  'downwardAPI',
  'emptyDir',
  'ephemeral',
  'image',
  'persistentVolumeClaim',
  'projected',
  'secret',
] as const;

/** The restricted sources in the order PSA names them. */
const RESTRICTED_SOURCES = [
  'hostPath',
  'gcePersistentDisk',
  'awsElasticBlockStore',
  'gitRepo',
  'nfs',
  'iscsi',
  'glusterfs',
  'rbd',
  'flexVolume',
  'cinder',
  'cephfs',
  'flocker',
  'fc',
  'azureFile',
  'vsphereVolume',
  'quobyte',
  'azureDisk',
  'photonPersistentDisk',
  'portworxVolume',
  'scaleIO',
  'storageos',
];

const present = (v: unknown): boolean => v !== undefined && v !== null;

/** The restricted source a volume uses, or null when it uses an allowed one. */
export function restrictedVolumeType(v: Record<string, unknown>): string | null {
  for (const k of ALLOWED_VOLUME_SOURCES) if (present(v[k])) return null;
  for (const k of RESTRICTED_SOURCES) if (present(v[k])) return k;
  // No known source at all: the API server defaults such a volume to emptyDir before admission
  // (core/v1 SetDefaults_Volume), so PSA sees an allowed volume.
  return null;
}

function restrictedVolumes(pod: PodLike): PssViolation | null {
  const spec = specOf(pod);
  if (!spec) return null;
  const vols = list(spec.volumes);
  const bad: string[] = [];
  const types: string[] = [];
  const paths: FieldPath[] = [];
  for (let i = 0; i < vols.length; i++) {
    const v = vols[i];
    if (!isObject(v)) continue;
    const t = restrictedVolumeType(v);
    if (t === null) continue;
    bad.push(str(v.name));
    types.push(t);
    paths.push(['spec', 'volumes', i, t]);
  }
  if (!bad.length) return null;
  const uniq = sortedUnique(types);
  return {
    checkId: 'restrictedVolumes',
    reason: 'restricted volume types',
    detail: `${plural('volume', 'volumes', bad.length)} ${joinQuote(bad)} ${plural('uses', 'use', bad.length)} ${plural('restricted volume type', 'restricted volume types', uniq.length)} ${joinQuote(uniq)}`,
    paths,
  };
}

export const check: PssCheck = {
  id: 'restrictedVolumes',
  level: 'restricted',
  versions: [{ minimumMinor: 0, checkPod: restrictedVolumes, overrides: ['hostPathVolumes'] }],
};

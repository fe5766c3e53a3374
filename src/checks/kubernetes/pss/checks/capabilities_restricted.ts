// ref: pod-security-admission policy/check_capabilities_restricted.go — restricted, v1.22+,
// overrides capabilities_baseline. Every container must drop ALL and may add only
// NET_BIND_SERVICE. From v1.25 windows pods are exempt.
import type { FieldPath, PodLike, PssCheck, PssViolation } from '../types.js';
import {
  containerName,
  isObject,
  isWindowsPod,
  joinQuote,
  list,
  plural,
  sortedUnique,
  str,
  visitContainers,
} from '../visit.js';

function capabilitiesRestricted(pod: PodLike): PssViolation | null {
  const missingDrop: string[] = [];
  const adding: string[] = [];
  const caps: string[] = [];
  const paths: FieldPath[] = [];
  visitContainers(pod, (c, path) => {
    const capsObj = c.securityContext?.capabilities;
    if (!isObject(c.securityContext) || !isObject(capsObj)) {
      missingDrop.push(containerName(c));
      paths.push(path);
      return;
    }
    if (!list(capsObj.drop).includes('ALL')) {
      missingDrop.push(containerName(c));
      paths.push([...path, 'securityContext', 'capabilities']);
    }
    const add = list(capsObj.add);
    let forbidden = false;
    for (let i = 0; i < add.length; i++) {
      if (add[i] !== 'NET_BIND_SERVICE') {
        forbidden = true;
        caps.push(str(add[i]));
        paths.push([...path, 'securityContext', 'capabilities', 'add', i]);
      }
    }
    if (forbidden) adding.push(containerName(c));
  });
  const details: string[] = [];
  if (missingDrop.length) {
    details.push(
      `${plural('container', 'containers', missingDrop.length)} ${joinQuote(missingDrop)} must set securityContext.capabilities.drop=["ALL"]`,
    );
  }
  if (adding.length) {
    details.push(
      `${plural('container', 'containers', adding.length)} ${joinQuote(adding)} must not include ${joinQuote(sortedUnique(caps))} in securityContext.capabilities.add`,
    );
  }
  if (!details.length) return null;
  return {
    checkId: 'capabilities_restricted',
    reason: 'unrestricted capabilities',
    detail: details.join('; '),
    paths,
  };
}

export const check: PssCheck = {
  id: 'capabilities_restricted',
  level: 'restricted',
  versions: [
    { minimumMinor: 22, checkPod: capabilitiesRestricted, overrides: ['capabilities_baseline'] },
    {
      minimumMinor: 25,
      checkPod: (pod) => (isWindowsPod(pod) ? null : capabilitiesRestricted(pod)),
      overrides: ['capabilities_baseline'],
    },
  ],
};

// ref: pod-security-admission policy/check_windowsHostProcess.go — baseline, v1.0+.
// pod and container securityContext.windowsOptions.hostProcess must be undefined or false.
import type { FieldPath, PodLike, PssCheck, PssViolation } from '../types.js';
import { containerName, joinQuote, plural, visitContainers, specOf } from '../visit.js';

function windowsHostProcess(pod: PodLike): PssViolation | null {
  const setters: string[] = [];
  const paths: FieldPath[] = [];
  if (specOf(pod)?.securityContext?.windowsOptions?.hostProcess === true) {
    setters.push('pod');
    paths.push(['spec', 'securityContext', 'windowsOptions', 'hostProcess']);
  }
  const bad: string[] = [];
  visitContainers(pod, (c, path) => {
    if (c.securityContext?.windowsOptions?.hostProcess === true) {
      bad.push(containerName(c));
      paths.push([...path, 'securityContext', 'windowsOptions', 'hostProcess']);
    }
  });
  if (bad.length) setters.push(`${plural('container', 'containers', bad.length)} ${joinQuote(bad)}`);
  if (!setters.length) return null;
  return {
    checkId: 'windowsHostProcess',
    reason: 'hostProcess',
    detail: `${setters.join(' and ')} must not set securityContext.windowsOptions.hostProcess=true`,
    paths,
  };
}

export const check: PssCheck = {
  id: 'windowsHostProcess',
  level: 'baseline',
  versions: [{ minimumMinor: 0, checkPod: windowsHostProcess }],
};

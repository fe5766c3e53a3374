// ref: pod-security-admission policy/check_procMount_restricted.go — restricted, v1.35+.
// Keeps the unconditional procMount rule in restricted after baseline relaxed it for user
// namespaces, and overrides the baseline check there.
import type { PssCheck } from '../types.js';
import { procMountDefaultOnly } from './procMount.js';

export const check: PssCheck = {
  id: 'procMount_restricted',
  level: 'restricted',
  versions: [
    { minimumMinor: 35, checkPod: procMountDefaultOnly('procMount_restricted'), overrides: ['procMount'] },
  ],
};

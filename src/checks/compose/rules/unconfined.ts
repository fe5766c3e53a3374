import { defineRule } from '../../rule.js';
import { securityOpts, type ComposeContext } from '../context.js';
import { HARDENED_COMPOSE, service } from '../example.js';

export const rule = defineRule<ComposeContext>({
  id: 'compose:unconfined',
  family: 'compose',
  refs: [
    'k8s:seccomp-unconfined',
    'k8s:apparmor-unconfined',
    'KSV-0104',
    'KSV-0002',
    'kubesec:SeccompUnconfined',
    'kubesec:ApparmorUnconfined',
  ],
  severity: 'HIGH',
  title: 'Seccomp, AppArmor or SELinux disabled',
  docs: {
    description:
      '`security_opt: [seccomp:unconfined]`, `apparmor:unconfined` or `label:disable` turn off the kernel confinement Docker applies by default.',
    remediation:
      'Remove the option, or point seccomp/apparmor at a custom profile that allows only what the service needs.',
  },
  check: (ctx) =>
    securityOpts(ctx)
      .filter(
        (o) =>
          ((o.key === 'seccomp' || o.key === 'apparmor') && o.value === 'unconfined') ||
          (o.key === 'label' && o.value === 'disable'),
      )
      .map((o) => ({
        message: `service ${ctx.name} sets security_opt ${o.key}:${o.value}`,
        path: [...ctx.path, 'security_opt', o.index],
      })),
  examples: { good: [HARDENED_COMPOSE], bad: [service('security_opt: ["seccomp:unconfined"]')] },
});

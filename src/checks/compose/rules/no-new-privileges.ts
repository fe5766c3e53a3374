import { defineRule } from '../../rule.js';
import { securityOpts, type ComposeContext } from '../context.js';
import { HARDENED_COMPOSE, service } from '../example.js';

export const rule = defineRule<ComposeContext>({
  id: 'compose:no-new-privileges',
  family: 'compose',
  refs: ['k8s:allow-privilege-escalation', 'KSV-0001', 'CKV_K8S_20'],
  severity: 'MEDIUM',
  title: 'no-new-privileges not set',
  docs: {
    description:
      'Without no-new-privileges, setuid binaries in the image can raise privileges inside the container.',
    remediation: 'Add `security_opt: ["no-new-privileges:true"]`.',
  },
  check: (ctx) =>
    securityOpts(ctx).some((o) => o.key === 'no-new-privileges' && (o.value === '' || o.value === 'true'))
      ? []
      : [{ message: `service ${ctx.name} does not set no-new-privileges:true`, path: ctx.path }],
  examples: { good: [HARDENED_COMPOSE], bad: [service('')] },
});

import { defineRule } from '../../rule.js';
import type { ComposeContext } from '../context.js';
import { HARDENED_COMPOSE, service } from '../example.js';

export const rule = defineRule<ComposeContext>({
  id: 'compose:user-root',
  family: 'compose',
  refs: ['k8s:run-as-non-root', 'dockerfile:user-root', 'KSV-0012', 'DS-0002'],
  severity: 'MEDIUM',
  title: 'Service runs as root',
  docs: {
    description:
      'Without `user:` the image user applies, which is root for most images; `user: root` or `0` is explicit root.',
    remediation: 'Set `user: "<uid>:<gid>"` with a non-zero UID.',
  },
  check: (ctx) => {
    const u = ctx.service.user;
    if (u === undefined)
      return [
        { message: `service ${ctx.name} sets no user (the image default, often root)`, path: ctx.path },
      ];
    return /^(root|0)(:.*)?$/.test(String(u))
      ? [{ message: `service ${ctx.name} runs as ${String(u)}`, path: [...ctx.path, 'user'] }]
      : [];
  },
  examples: { good: [HARDENED_COMPOSE], bad: [service(''), service('user: root')] },
});

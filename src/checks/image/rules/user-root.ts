import { defineRule } from '../../rule.js';
import { exampleImage, type ImageContext } from '../context.js';

export const rule = defineRule<ImageContext>({
  id: 'image:user-root',
  family: 'image',
  refs: ['CIS-DI-0001', 'DS-0002', 'DL3002', 'CKV_DOCKER_8'],
  severity: 'HIGH',
  title: 'Image runs as root',
  docs: {
    description:
      'The image config names no user, or root/0, so containers start as root unless the runtime overrides it.',
    remediation: 'Build with `USER <non-zero uid>` in the final stage.',
  },
  check: (ctx) => {
    const user = (ctx.config.config?.User ?? '').trim();
    if (user === '') return [{ message: 'image config sets no User: containers run as root' }];
    return /^(root|0)(:.*)?$/.test(user) ? [{ message: `image config User is ${user}` }] : [];
  },
  examples: {
    good: [exampleImage()],
    bad: [
      exampleImage((c) => delete c.config.config!.User),
      exampleImage((c) => (c.config.config!.User = '0:0')),
    ],
  },
});

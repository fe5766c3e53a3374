import { defineRule } from '../../rule.js';
import { records } from '../accounts.js';
import { exampleImage, type ImageContext } from '../context.js';

export const rule = defineRule<ImageContext>({
  id: 'image:empty-password',
  family: 'image',
  refs: ['DKL-LI-0001'],
  severity: 'HIGH',
  title: 'Account with an empty password',
  docs: {
    description: 'An empty password field lets anyone `su` to that account without a password.',
    remediation: 'Lock the account: `passwd -l <user>` (or put `*`/`!` in the password field).',
  },
  check: (ctx) => [
    ...records(ctx, 'etc/shadow')
      .filter((r) => r.fields[1] === '')
      .map((r) => ({ message: `/etc/shadow: ${r.fields[0]} has an empty password`, line: r.line })),
    ...records(ctx, 'etc/passwd')
      .filter((r) => r.fields[1] === '')
      .map((r) => ({ message: `/etc/passwd: ${r.fields[0]} has an empty password`, line: r.line })),
  ],
  examples: {
    good: [exampleImage()],
    bad: [
      exampleImage(
        (c) => (c.files.find((f) => f.path === 'etc/shadow')!.content = 'root::19000:0:99999:7:::\n'),
      ),
    ],
  },
});

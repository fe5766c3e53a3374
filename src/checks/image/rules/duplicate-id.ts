import { defineRule, type RuleHit } from '../../rule.js';
import { records } from '../accounts.js';
import { exampleImage, type ImageContext } from '../context.js';

export const rule = defineRule<ImageContext>({
  id: 'image:duplicate-id',
  family: 'image',
  refs: ['DKL-LI-0002', 'DKL-LI-0003'],
  severity: 'MEDIUM',
  title: 'Duplicate UID or GID',
  docs: {
    description:
      'Two accounts with the same UID (or groups with the same GID) share rights, so one can act as the other — often a sign of a tampered /etc/passwd.',
    remediation: 'Give every account and group a unique ID.',
  },
  check: (ctx) => {
    const hits: RuleHit[] = [];
    for (const [file, kind] of [
      ['etc/passwd', 'UID'],
      ['etc/group', 'GID'],
    ] as const) {
      const seen = new Map<string, string>();
      for (const r of records(ctx, file)) {
        const id = r.fields[2] ?? '';
        const prev = seen.get(id);
        if (prev !== undefined)
          hits.push({ message: `/${file}: ${r.fields[0]} has ${kind} ${id}, like ${prev}`, line: r.line });
        else seen.set(id, r.fields[0]!);
      }
    }
    return hits;
  },
  examples: {
    good: [exampleImage()],
    bad: [
      exampleImage(
        (c) => (c.files.find((f) => f.path === 'etc/passwd')!.content += 'toor:x:0:0::/root:/bin/sh\n'),
      ),
    ],
  },
});

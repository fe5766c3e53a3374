import { defineRule } from '../../rule.js';
import { exampleImage, SETGID, SETUID, type ImageContext } from '../context.js';

export const rule = defineRule<ImageContext>({
  id: 'image:setuid-setgid',
  family: 'image',
  refs: ['CIS-DI-0008'],
  severity: 'MEDIUM',
  title: 'setuid or setgid file',
  docs: {
    description:
      'setuid/setgid binaries (su, passwd, mount …) run with their owner’s rights and are the classic local privilege escalation inside a container.',
    remediation:
      'Remove them or clear the bits in the Dockerfile: `RUN find / -xdev -perm /6000 -type f -exec chmod a-s {} +`; also set allowPrivilegeEscalation: false.',
  },
  check: (ctx) =>
    ctx.files
      .filter((f) => f.type === 'file' && (f.mode & (SETUID | SETGID)) !== 0)
      .map((f) => ({
        message: `/${f.path} is ${f.mode & SETUID ? 'setuid' : 'setgid'} (mode ${(f.mode & 0o7777).toString(8)}, owner ${f.uid})`,
      })),
  examples: {
    good: [exampleImage()],
    bad: [
      exampleImage((c) =>
        c.files.push({ path: 'usr/bin/passwd', type: 'file', mode: 0o4755, uid: 0, gid: 0, size: 100 }),
      ),
    ],
  },
});

import { defineRule } from '../../rule.js';
import { exampleImage, type ImageContext } from '../context.js';
import { programsOnPath } from '../path.js';

export const MANAGERS = [
  'apt',
  'apt-get',
  'dpkg',
  'apk',
  'yum',
  'dnf',
  'microdnf',
  'rpm',
  'zypper',
  'pip',
  'pip3',
  'npm',
  'gem',
];

export const rule = defineRule<ImageContext>({
  id: 'image:package-manager-present',
  family: 'image',
  refs: ['CKV_DOCKER_9'],
  severity: 'LOW',
  title: 'Package manager in the image',
  docs: {
    description:
      'A package manager lets an intruder install tools in the running container, and its databases grow the attack surface.',
    remediation:
      'Install packages in a build stage and copy only the application into a distroless or minimal final stage.',
  },
  check: (ctx) => programsOnPath(ctx, MANAGERS, 'package manager'),
  examples: {
    good: [exampleImage()],
    bad: [
      exampleImage((c) =>
        c.files.push({ path: 'usr/bin/apt-get', type: 'file', mode: 0o755, uid: 0, gid: 0, size: 100 }),
      ),
    ],
  },
});

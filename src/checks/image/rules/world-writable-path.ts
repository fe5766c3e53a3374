import { defineRule } from '../../rule.js';
import { exampleImage, type ImageContext } from '../context.js';
import { pathDirs } from '../path.js';

export const rule = defineRule<ImageContext>({
  id: 'image:world-writable-path',
  family: 'image',
  refs: ['CIS-DI-0008'],
  severity: 'HIGH',
  title: 'World-writable file or directory in PATH',
  docs: {
    description:
      'Any user in the container can replace a world-writable program in PATH (or add one to a world-writable PATH directory), hijacking the next command root runs.',
    remediation:
      'Remove the write bit for others: `chmod o-w` (and keep PATH directories owned by root, mode 755).',
  },
  check: (ctx) => {
    const dirs = new Set(pathDirs(ctx));
    return ctx.files
      .filter((f) => {
        if (f.type === 'symlink' || (f.mode & 0o002) === 0) return false;
        if (f.type === 'dir') return dirs.has(f.path) && (f.mode & 0o1000) === 0; // sticky dirs like /tmp are safe
        const parent = f.path.includes('/') ? f.path.slice(0, f.path.lastIndexOf('/')) : '';
        return dirs.has(parent);
      })
      .map((f) => ({ message: `/${f.path} is world-writable (mode ${(f.mode & 0o7777).toString(8)})` }));
  },
  examples: {
    good: [exampleImage()],
    bad: [
      exampleImage((c) =>
        c.files.push({ path: 'usr/local/bin/tool', type: 'file', mode: 0o777, uid: 0, gid: 0, size: 10 }),
      ),
    ],
  },
});

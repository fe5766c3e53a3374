import { defineRule } from '../../rule.js';
import { byKeyword, type DockerfileContext } from '../context.js';
import { shellWords } from '../parse.js';

/** ADD is right for remote URLs (with --checksum) and for auto-extracting local tar archives. */
const ARCHIVE = /\.(tar|tar\.gz|tgz|tar\.bz2|tbz2?|tar\.xz|txz|tar\.zst)$/i;

export const rule = defineRule<DockerfileContext>({
  id: 'dockerfile:add-instead-of-copy',
  family: 'dockerfile',
  refs: ['DL3020', 'DS-0005', 'CKV_DOCKER_4', 'CIS-DI-0009'],
  severity: 'LOW',
  title: 'ADD used to copy local files',
  docs: {
    description:
      'ADD also fetches URLs and unpacks archives, which makes a plain file copy do surprising things. COPY does only the copy.',
    remediation:
      'Use COPY for local files; keep ADD only to unpack a local tar archive or fetch a URL with --checksum.',
  },
  check: (ctx) =>
    byKeyword(ctx, 'ADD').flatMap(({ ins }) => {
      if (ins.heredocs.length) return [];
      const words = ins.json ?? shellWords(ins.args);
      const sources = words.slice(0, -1);
      if (
        !sources.length ||
        sources.every((s) => /^(https?|git):\/\//.test(s) || ARCHIVE.test(s) || s.startsWith('git@'))
      )
        return [];
      return [{ message: `ADD ${sources.join(' ')}: use COPY`, line: ins.line }];
    }),
  examples: {
    good: ['FROM alpine:3.20\nCOPY app.conf /etc/app/\nADD rootfs.tar.gz /\n'],
    bad: ['FROM alpine:3.20\nADD app.conf /etc/app/\n'],
  },
});

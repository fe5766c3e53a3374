import { defineRule } from '../../rule.js';
import { byKeyword, type DockerfileContext } from '../context.js';
import { runScript, splitCommands } from '../shell.js';

export const rule = defineRule<DockerfileContext>({
  id: 'dockerfile:sudo',
  family: 'dockerfile',
  refs: ['DL3004', 'DS-0010', 'DKL-DI-0001'],
  severity: 'HIGH',
  title: 'RUN uses sudo',
  docs: {
    description:
      'sudo in an image means a sudo binary and sudoers policy ship with it, and its TTY/signal handling is unpredictable in builds.',
    remediation: 'Run the step as root (`USER root` … `USER app`), or use gosu/su-exec at runtime.',
  },
  check: (ctx) =>
    byKeyword(ctx, 'RUN').flatMap(({ ins }) =>
      splitCommands(runScript(ins)).some((cmd) => cmd[0] === 'sudo')
        ? [{ message: 'RUN uses sudo', line: ins.line }]
        : [],
    ),
  examples: {
    good: ['FROM debian:12\nRUN apt-get update\n'],
    bad: [
      'FROM debian:12\nRUN sudo apt-get update\n',
      'FROM debian:12\nRUN <<EOF\nset -e\nsudo make install\nEOF\n',
    ],
  },
});

import { defineRule } from '../../rule.js';
import { byKeyword, type DockerfileContext } from '../context.js';
import { isSubcommand, runCommands, runScript } from '../shell.js';

export const rule = defineRule<DockerfileContext>({
  id: 'dockerfile:apt-lists-not-removed',
  family: 'dockerfile',
  refs: ['DL3009', 'DKL-DI-0005'],
  severity: 'LOW',
  title: 'apt lists not removed',
  docs: {
    description:
      'The apt package lists (tens of MB) stay in the layer unless removed in the same RUN, growing the image and its attack surface.',
    remediation:
      'End the RUN with `&& rm -rf /var/lib/apt/lists/*`, or use a cache mount (`--mount=type=cache,target=/var/lib/apt`).',
  },
  check: (ctx) =>
    byKeyword(ctx, 'RUN').flatMap(({ ins }) => {
      if (!runCommands(ins).some((c) => isSubcommand(c, ['apt-get', 'apt'], ['update']))) return [];
      if (/\/var\/lib\/apt\/lists/.test(runScript(ins)) && /\brm\b/.test(runScript(ins))) return [];
      if ((ins.flags.mount ?? []).some((m) => m.includes('type=cache') && m.includes('/var/lib/apt')))
        return [];
      return [
        { message: 'apt-get update without rm -rf /var/lib/apt/lists/* in the same RUN', line: ins.line },
      ];
    }),
  examples: {
    good: [
      'FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl \\\n && rm -rf /var/lib/apt/lists/*\n',
    ],
    bad: ['FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl\n'],
  },
});

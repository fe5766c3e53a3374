import { defineRule } from '../../rule.js';
import { byKeyword, type DockerfileContext } from '../context.js';
import { isSubcommand, runCommands } from '../shell.js';

const MANAGERS: [string[], string[], string[]][] = [
  [['apt-get', 'apt'], ['update'], ['install']],
  [['apk'], ['update'], ['add']],
  [['yum', 'dnf', 'microdnf'], ['makecache'], ['install']],
  [['zypper'], ['refresh', 'ref'], ['install', 'in']],
];

export const rule = defineRule<DockerfileContext>({
  id: 'dockerfile:update-alone',
  family: 'dockerfile',
  refs: ['DS-0017', 'CKV_DOCKER_5', 'CIS-DI-0007'],
  severity: 'MEDIUM',
  title: 'Package index update in its own RUN',
  docs: {
    description:
      'A RUN with only `apt-get update` is cached as its own layer: later installs reuse a stale index and miss security updates.',
    remediation: 'Update and install in the same RUN: `RUN apt-get update && apt-get install -y …`.',
  },
  check: (ctx) =>
    byKeyword(ctx, 'RUN').flatMap(({ ins }) => {
      const cmds = runCommands(ins);
      for (const [tools, update, install] of MANAGERS) {
        if (
          cmds.some((c) => isSubcommand(c, tools, update)) &&
          !cmds.some((c) => isSubcommand(c, tools, install))
        ) {
          return [{ message: `${tools[0]} ${update[0]} without an install in the same RUN`, line: ins.line }];
        }
      }
      return [];
    }),
  examples: {
    good: [
      'FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n',
    ],
    bad: ['FROM debian:12\nRUN apt-get update\nRUN apt-get install -y curl\n'],
  },
});

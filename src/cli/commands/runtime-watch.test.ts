// `runtime watch` and `seccomp record` refuse to run without root, with one line and exit code 26.
// The live behaviour is tested end to end in test/e2e/runtime-watch.test.ts.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { BIN } from '../../../test/support/cli.js';
import { hasTool, isRoot } from '../../../test/support/tools.js';

function asNobody(args: string[]) {
  return spawnSync('runuser', ['-u', 'nobody', '--', process.execPath, BIN, ...args], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    timeout: 60_000,
  });
}

describe.skipIf(!isRoot() || !hasTool('runuser'))('eBPF commands without root', () => {
  it.each([
    [
      ['runtime', 'watch', '--rules', 'rules.yaml'],
      /runtime watch needs root for eBPF; run: sudo bulwark runtime watch/,
    ],
    [['seccomp', 'record', '--', 'true'], /recording syscalls needs root \(eBPF\); run it with sudo/],
  ])('%j → PERMISSION (26) with a one-line hint', (args, msg) => {
    const r = asNobody(args);
    expect(r.status).toBe(26);
    expect(r.stderr).toMatch(msg);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('watch still validates its flags first', () => {
    const r = asNobody(['runtime', 'watch', '--rules', 'r.yaml', '--duration', '-1']);
    expect(r.status).toBe(2);
  });
});

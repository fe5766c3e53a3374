import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli } from '../../../test/support/cli.js';
import { describeWithFixtures, fixture } from '../../../test/support/fixtures.js';

const tmp = mkdtempSync(join(tmpdir(), 'bulwark-seccomp-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const write = (name: string, value: unknown) => {
  const p = join(tmp, name);
  writeFileSync(p, typeof value === 'string' ? value : JSON.stringify(value));
  return p;
};
const recorded = write('recorded.json', {
  defaultAction: 'SCMP_ACT_ERRNO',
  defaultErrnoRet: 1,
  architectures: ['SCMP_ARCH_X86_64'],
  syscalls: [{ names: ['clone', 'execve', 'read', 'unshare', 'write'], action: 'SCMP_ACT_ALLOW' }],
});

describeWithFixtures('bulwark seccomp diff', ['seccomp/docker-default.json'], () => {
  const docker = fixture('seccomp/docker-default.json');

  it('compares a recorded profile with Docker’s default (json)', () => {
    const r = cli(['seccomp', 'diff', recorded, docker, '--format', 'json']);
    expect(r.status).toBe(0);
    const d = JSON.parse(r.stdout);
    expect(d.a).toMatchObject({ format: 'oci', syscalls: 5, allowed: 5 });
    expect(d.b).toMatchObject({ format: 'docker', syscalls: 426, allowed: 361 });
    expect(d.removed).toEqual([]);
    expect(d.added).toHaveLength(421);
    expect(d.changed.map((c: { name: string }) => c.name)).toEqual(['clone', 'unshare']);
    expect(d.changed[1].b).toEqual(['SCMP_ACT_ALLOW when caps have CAP_SYS_ADMIN']);
  });

  it('prints a readable table', () => {
    const r = cli(['seccomp', 'diff', docker, recorded]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('removed (only in A) (421):');
    expect(r.stdout).toMatch(/\n {2}unshare +A: SCMP_ACT_ALLOW when caps have CAP_SYS_ADMIN\n/);
    expect(r.stdout).toContain('unchanged: 3');
  });
});

describe('bulwark seccomp errors', () => {
  it.each([
    ['missing file', ['diff', join(tmp, 'nope.json'), recorded], 3, /profile .*nope.json does not exist/],
    ['not JSON', ['diff', write('bad.json', '{'), recorded], 4, /not JSON/],
    [
      'bad action',
      ['diff', write('act.json', { defaultAction: 'SCMP_ACT_NOPE' }), recorded],
      4,
      /unknown action/,
    ],
    ['record without target', ['record'], 2, /nothing to record/],
    ['record with both', ['record', '--container', 'abc', '--duration', '1', '--', 'true'], 2, /not both/],
    ['bad duration', ['record', '--container', 'abc', '--duration', '-3'], 2, /--duration/],
  ])('%s', (_what, args, code, msg) => {
    const r = cli(['seccomp', ...args]);
    expect(r.status).toBe(code);
    expect(r.stderr).toMatch(msg);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('has help with examples', () => {
    for (const sub of [[], ['record'], ['diff']]) {
      const r = cli(['seccomp', ...sub, '--help']);
      expect(r.status).toBe(0);
      expect(r.stdout).toContain('Examples:');
    }
  });
});

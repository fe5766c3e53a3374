import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isBulwarkError } from '../../core/errors.js';
import { describeWithFixtures, fixture } from '../../../test/support/fixtures.js';
import { diffProfiles } from './diff.js';
import { buildProfile, describeRule, normalizeProfile, parseProfileText } from './profile.js';

describeWithFixtures("Docker's default profile (template format)", ['seccomp/docker-default.json'], () => {
  const docker = parseProfileText(
    readFileSync(fixture('seccomp/docker-default.json'), 'utf8'),
    'docker-default.json',
  );

  it('reads names across all 33 entries with their conditions', () => {
    expect(docker.format).toBe('docker');
    expect(docker.defaultAction).toBe('SCMP_ACT_ERRNO');
    expect(docker.defaultErrnoRet).toBe(1);
    expect(docker.architectures).toContain('SCMP_ARCH_X86_64');
    expect(docker.architectures).toContain('SCMP_ARCH_X32');
    expect(docker.rules.size).toBe(426);
    expect(docker.rules.get('read')!.map(describeRule)).toEqual(['SCMP_ACT_ALLOW']);
    expect(docker.rules.get('clone3')!.map(describeRule)).toEqual([
      'SCMP_ACT_ALLOW when caps have CAP_SYS_ADMIN',
      'SCMP_ACT_ERRNO(38) when caps lack CAP_SYS_ADMIN',
    ]);
    expect(docker.rules.get('clone')!.map(describeRule)).toContain(
      'SCMP_ACT_ALLOW if arg0 MASKED_EQ 2114060288 when caps lack CAP_SYS_ADMIN and arch not in s390,s390x',
    );
    expect(docker.rules.get('personality')).toHaveLength(5);
    expect(docker.rules.get('ptrace')!.map(describeRule)).toContain('SCMP_ACT_ALLOW when kernel ≥ 4.8');
  });

  it('diffs a recorded profile against it', () => {
    const rec = normalizeProfile(
      buildProfile(['read', 'write', 'clone', 'execve', 'unshare'], 'SCMP_ARCH_X86_64'),
    );
    const d = diffProfiles(rec, docker);
    expect(d.removed).toEqual([]);
    expect(d.added.length).toBe(426 - 5);
    expect(d.changed.map((c) => c.name).sort()).toEqual(['clone', 'unshare']);
    expect(d.unchanged).toBe(3);
    expect(d.defaults.map((x) => x.field)).toEqual(['architectures']);
    expect(d.allowed).toEqual({ a: 5, b: 361 });
  });
});

describe('OCI profiles', () => {
  it('builds a sorted, de-duplicated allow-list with EPERM as default', () => {
    expect(buildProfile(['write', 'read', 'write'], 'SCMP_ARCH_X86_64')).toEqual({
      defaultAction: 'SCMP_ACT_ERRNO',
      defaultErrnoRet: 1,
      architectures: ['SCMP_ARCH_X86_64'],
      syscalls: [{ names: ['read', 'write'], action: 'SCMP_ACT_ALLOW' }],
    });
  });

  it('reads a whole config.json', () => {
    const p = normalizeProfile({
      ociVersion: '1.0.2',
      linux: { seccomp: buildProfile(['read'], 'SCMP_ARCH_X86_64') },
    });
    expect([...p.rules.keys()]).toEqual(['read']);
  });

  it('reports changed actions, errnos and args', () => {
    const a = normalizeProfile({
      defaultAction: 'SCMP_ACT_ERRNO',
      syscalls: [
        { names: ['kill'], action: 'SCMP_ACT_ALLOW' },
        { names: ['socket'], action: 'SCMP_ACT_ALLOW', args: [{ index: 0, value: 2, op: 'SCMP_CMP_EQ' }] },
      ],
    });
    const b = normalizeProfile({
      defaultAction: 'SCMP_ACT_KILL_PROCESS',
      syscalls: [
        { names: ['kill'], action: 'SCMP_ACT_ERRNO', errnoRet: 13 },
        { names: ['socket'], action: 'SCMP_ACT_ALLOW', args: [{ index: 0, value: 10, op: 'SCMP_CMP_EQ' }] },
      ],
    });
    const d = diffProfiles(a, b);
    expect(d.defaults).toEqual([{ field: 'defaultAction', a: 'SCMP_ACT_ERRNO', b: 'SCMP_ACT_KILL_PROCESS' }]);
    expect(d.changed).toEqual([
      { name: 'kill', a: ['SCMP_ACT_ALLOW'], b: ['SCMP_ACT_ERRNO(13)'] },
      { name: 'socket', a: ['SCMP_ACT_ALLOW if arg0 EQ 2'], b: ['SCMP_ACT_ALLOW if arg0 EQ 10'] },
    ]);
  });

  it.each([
    ['not an object', '[]', 'expected an object'],
    ['unknown action', '{"defaultAction":"SCMP_ACT_MAYBE"}', 'unknown action'],
    [
      'bad name',
      '{"defaultAction":"SCMP_ACT_ERRNO","syscalls":[{"names":["../x"],"action":"SCMP_ACT_ALLOW"}]}',
      'not a syscall name',
    ],
    [
      'bad op',
      '{"defaultAction":"SCMP_ACT_ERRNO","syscalls":[{"names":["read"],"action":"SCMP_ACT_ALLOW","args":[{"index":0,"value":1,"op":"LIKE"}]}]}',
      'unknown operator',
    ],
    [
      'arg index',
      '{"defaultAction":"SCMP_ACT_ERRNO","syscalls":[{"names":["read"],"action":"SCMP_ACT_ALLOW","args":[{"index":9,"value":1,"op":"SCMP_CMP_EQ"}]}]}',
      'must be 0..5',
    ],
    ['negative errno', '{"defaultAction":"SCMP_ACT_ERRNO","defaultErrnoRet":-1}', 'non-negative integer'],
    [
      'no names',
      '{"defaultAction":"SCMP_ACT_ERRNO","syscalls":[{"names":[],"action":"SCMP_ACT_ALLOW"}]}',
      'no syscall names',
    ],
    ['not JSON', '{"defaultAction":', 'not JSON'],
  ])('rejects %s with one line', (_what, text, msg) => {
    try {
      parseProfileText(text, 'p.json');
      expect.unreachable();
    } catch (err) {
      expect(isBulwarkError(err) && err.code).toBe('INVALID_INPUT');
      expect((err as Error).message).toContain(msg);
      expect((err as Error).message.startsWith('p.json')).toBe(true);
    }
  });

  it('limits entry counts', () => {
    const many = {
      defaultAction: 'SCMP_ACT_ERRNO',
      syscalls: Array.from({ length: 10_001 }, () => ({ names: ['read'], action: 'SCMP_ACT_ALLOW' })),
    };
    expect(() => normalizeProfile(many)).toThrow(/more than 10000/);
  });

  it('fails only with BulwarkErrors on arbitrary JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (v) => {
        try {
          normalizeProfile(v);
        } catch (err) {
          expect(isBulwarkError(err)).toBe(true);
        }
      }),
    );
  });
});

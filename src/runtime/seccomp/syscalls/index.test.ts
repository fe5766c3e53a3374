import { describe, expect, it } from 'vitest';
import { nativeTable, TABLES } from './index.js';

describe('syscall tables', () => {
  it.each([
    ['x86_64', 'read', 0],
    ['x86_64', 'execve', 59],
    ['x86_64', 'prctl', 157],
    ['x86_64', 'seccomp', 317],
    ['x86_64', 'openat2', 437],
    ['x86_64', 'mseal', 462],
    ['aarch64', 'openat', 56],
    ['aarch64', 'execve', 221],
    ['aarch64', 'prctl', 167],
    ['aarch64', 'seccomp', 277],
  ] as const)('%s %s = %d', (arch, name, nr) => {
    expect(TABLES[arch].byName.get(name)).toBe(nr);
    expect(TABLES[arch].byNumber.get(nr)).toBe(name);
  });

  it('has no legacy calls on aarch64 that only x86_64 has', () => {
    expect(TABLES.aarch64.byName.has('open')).toBe(false);
    expect(TABLES.x86_64.byName.has('open')).toBe(true);
  });

  it('maps Node architectures', () => {
    expect(nativeTable('x64')?.arch).toBe('x86_64');
    expect(nativeTable('arm64')?.scmpArch).toBe('SCMP_ARCH_AARCH64');
    expect(nativeTable('s390x')).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import {
  isOpenRead,
  isOpenWrite,
  renderCaps,
  renderCloneFlags,
  renderExeFlags,
  renderFamily,
  renderMode,
  renderOpenFlags,
  renderPtrace,
  renderRes,
} from './flags.js';

describe('Falco argument rendering', () => {
  it.each([
    [0, false, 'O_RDONLY'],
    [0o1 | 0o100 | 0o1000, true, 'O_TRUNC|O_CREAT|O_WRONLY|O_F_CREATED'],
    [0o2 | 0o2000000, false, 'O_RDWR|O_CLOEXEC'],
    [0o200000 | 0o2000000 | 0o4000, false, 'O_DIRECTORY|O_NONBLOCK|O_RDONLY|O_CLOEXEC'],
    [0o1 | 0o2000, false, 'O_APPEND|O_WRONLY'],
    [0o20200000 | 0o2, false, 'O_DIRECTORY|O_RDWR|O_TMPFILE'],
  ])('open flags %o (created=%s) → %s', (flags, created, want) => {
    expect(renderOpenFlags(flags, created)).toBe(want);
  });

  it.each([
    [0, true, false],
    [1, false, true],
    [2, true, true],
  ])('access mode %d: read=%s write=%s', (flags, r, w) => {
    expect(isOpenRead(flags)).toBe(r);
    expect(isOpenWrite(flags)).toBe(w);
  });

  it.each([
    [0o4755, 'S_IXOTH|S_IROTH|S_IXGRP|S_IRGRP|S_IXUSR|S_IWUSR|S_IRUSR|S_ISUID'],
    [0o644, 'S_IROTH|S_IRGRP|S_IWUSR|S_IRUSR'],
  ])('mode %o', (mode, want) => {
    expect(renderMode(mode)).toBe(want);
  });

  it.each([
    [0, 'PTRACE_TRACEME'],
    [16, 'PTRACE_ATTACH'],
    [5, 'PTRACE_POKEDATA'],
    [0x4206, 'PTRACE_SEIZE'],
    [12345, 'PTRACE_UNKNOWN'],
  ])('ptrace request %d', (v, want) => {
    expect(renderPtrace(v)).toBe(want);
  });

  it.each([
    [17, 'AF_PACKET'],
    [2, 'AF_INET'],
    [10, 'AF_INET6'],
    [1, 'AF_LOCAL'],
  ])('socket family %d', (v, want) => {
    expect(renderFamily(v)).toBe(want);
  });

  it('clone flags for unshare', () => {
    expect(renderCloneFlags(0x10000000 | 0x20000)).toBe('CLONE_NEWNS|CLONE_NEWUSER');
  });

  it('execve flags', () => {
    expect(renderExeFlags(1 | 2)).toBe('EXE_WRITABLE|EXE_UPPER_LAYER');
    expect(renderExeFlags(4)).toBe('EXE_FROM_MEMFD');
  });

  it('capabilities as sinsp prints them', () => {
    expect(renderCaps(0)).toBe('');
    expect(renderCaps(2 ** 21 + 1)).toBe('CAP_CHOWN CAP_SYS_ADMIN');
    expect(renderCaps(0x1fffeffffff).split(' ')).toHaveLength(40);
  });

  it.each([
    [0, 'SUCCESS'],
    [3, 'SUCCESS'],
    [-2, 'ENOENT'],
    [-13, 'EACCES'],
    [-115, 'EINPROGRESS'],
    [-1000, 'E1000'],
  ])('evt.res for %d', (ret, want) => {
    expect(renderRes(ret)).toBe(want);
  });
});

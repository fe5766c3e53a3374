// Syscall number ↔ name per architecture, from the generated tables next to this file.
import { AARCH64_SYSCALLS } from './aarch64.js';
import { X86_64_SYSCALLS } from './x86_64.js';

export type SeccompArch = 'x86_64' | 'aarch64';

export interface SyscallTable {
  arch: SeccompArch;
  /** libseccomp / OCI architecture name. */
  scmpArch: string;
  /** Syscall numbers that mark the compat ABI and must not be named from the native table. */
  byNumber: ReadonlyMap<number, string>;
  byName: ReadonlyMap<string, number>;
  /** prctl and seccomp numbers, for the runc marker logic. */
  nr: { prctl: number; seccomp: number };
}

function table(
  arch: SeccompArch,
  scmpArch: string,
  rows: ReadonlyArray<readonly [number, string]>,
): SyscallTable {
  const byNumber = new Map(rows.map(([n, s]) => [n, s] as const));
  const byName = new Map(rows.map(([n, s]) => [s, n] as const));
  return {
    arch,
    scmpArch,
    byNumber,
    byName,
    nr: { prctl: byName.get('prctl')!, seccomp: byName.get('seccomp')! },
  };
}

export const TABLES: Record<SeccompArch, SyscallTable> = {
  x86_64: table('x86_64', 'SCMP_ARCH_X86_64', X86_64_SYSCALLS),
  aarch64: table('aarch64', 'SCMP_ARCH_AARCH64', AARCH64_SYSCALLS),
};

/** The table for the machine we run on, or null on an architecture without one. */
export function nativeTable(arch: string = process.arch): SyscallTable | null {
  if (arch === 'x64' || arch === 'x86_64') return TABLES.x86_64;
  if (arch === 'arm64' || arch === 'aarch64') return TABLES.aarch64;
  return null;
}

import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateProgram, selectSpecs } from './program.js';
import { ALL_EVENT_TYPES, SPECS, specById, specId } from './specs.js';

const EVENTS = '/sys/kernel/tracing/events/syscalls';

describe('selectSpecs', () => {
  it('traces only what the rules need, plus the internal cwd probes', () => {
    expect(selectSpecs(['openat', 'execve']).map((s) => s.evt)).toEqual(['openat', 'chdir', 'fchdir']);
    expect(selectSpecs().length).toBe(SPECS.length);
  });

  it('numbers specs from 1 so that 0 means "no saved entry"', () => {
    for (const s of SPECS) expect(specById(specId(s))).toBe(s);
    expect(specById(0)).toBeUndefined();
  });

  it('covers every syscall the stable rules need', () => {
    // README "Syscalls the stable rules need" (research/runtime.md), plus the list.
    const need = [
      'execve',
      'execveat',
      'open',
      'openat',
      'openat2',
      'connect',
      'sendto',
      'sendmsg',
      'socket',
      'dup',
      'dup2',
      'dup3',
      'link',
      'linkat',
      'symlink',
      'symlinkat',
      'init_module',
      'finit_module',
      'ptrace',
      'unlink',
      'unlinkat',
      'rename',
      'renameat',
      'renameat2',
      'setuid',
      'mount',
      'unshare',
      'memfd_create',
    ];
    expect(need.filter((t) => !ALL_EVENT_TYPES.includes(t))).toEqual([]);
  });
});

describe('generateProgram', () => {
  it('emits probes only for the selected event types and skips unavailable tracepoints', () => {
    const p = generateProgram({
      selfPid: 4242,
      eventTypes: ['openat', 'init_module'],
      available: (sys) => sys !== 'init_module',
    });
    expect(p.skipped).toEqual(['init_module']);
    expect(p.text).toContain('tracepoint:syscalls:sys_exit_openat /pid != 4242/');
    expect(p.text).not.toContain('sys_enter_connect');
    expect(p.text).not.toContain('init_module');
    // Process lifecycle probes are always there: the tables need them.
    for (const probe of [
      'sched:sched_process_exec',
      'sched:sched_process_fork',
      'sched:sched_process_exit',
    ]) {
      expect(p.text).toContain(probe);
    }
  });

  it.each([[8], [129], [200]])('rejects BPFTRACE_STRLEN %d', (strlen) => {
    expect(() => generateProgram({ selfPid: 1, strlen })).toThrow(RangeError);
  });

  it('rejects a bad self pid', () => {
    expect(() => generateProgram({ selfPid: 0 })).toThrow(RangeError);
  });

  it.skipIf(!existsSync(EVENTS))('uses only argument names the running kernel has', () => {
    const missing: string[] = [];
    for (const spec of SPECS) {
      const fmt = `${EVENTS}/sys_enter_${spec.sys}/format`;
      if (!existsSync(fmt)) continue; // e.g. init_module without CONFIG_MODULES: skipped at run time
      const fields = new Set(
        [...readFileSync(fmt, 'utf8').matchAll(/field:[^;]*?(\w+);/g)].map((m) => m[1]!),
      );
      const used = [...spec.nums, ...spec.strs, spec.sockaddr ?? '', spec.msghdr ?? ''].join(' ');
      for (const m of used.matchAll(/args->(\w+)/g))
        if (!fields.has(m[1]!)) missing.push(`${spec.sys}.${m[1]}`);
    }
    expect(missing).toEqual([]);
  });
});

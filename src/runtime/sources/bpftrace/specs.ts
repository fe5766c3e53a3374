// The syscalls the bpftrace sensor can trace, as data: what to save at sys_enter, which fd to
// describe at sys_exit, and how each value becomes a Falco `evt.arg.<name>`.
// Argument names are the kernel's tracepoint fields (/sys/kernel/tracing/events/syscalls/
// sys_enter_<name>/format); a test checks them against the running kernel.
// Falco parameter names follow libs' event table (driver/event_table.c, the *_X exit events).

/** How a saved value renders as a Falco argument. */
export type ArgFormat =
  | 'int' // signed decimal
  | 'fd'
  | 'uid'
  | 'openflags' // file_flags table
  | 'mode' // S_I* bits
  | 'cloneflags' // CLONE_* (unshare, setns)
  | 'mountflags'
  | 'ptrace' // ptrace request enum
  | 'family' // AF_* enum
  | 'unlinkflags'
  | 'linkflags'
  | 'renameflags'
  | 'memfdflags'
  | 'path' // absolute path, resolved against dirfd/cwd
  | 'string'; // as given

/** Where a value comes from: n0..n3 numeric slots, s0..s2 string slots, or the return value. */
export type Slot = 'n0' | 'n1' | 'n2' | 'n3' | 's0' | 's1' | 's2' | 'ret';

export interface ArgSpec {
  name: string;
  from: Slot;
  format: ArgFormat;
  /** For `path`: the slot holding the dirfd the path is relative to (absent: AT_FDCWD). */
  dirfd?: Slot;
}

export interface SyscallSpec {
  /** Falco `evt.type`. */
  evt: string;
  /** Tracepoint name: syscalls:sys_enter_<sys> / sys_exit_<sys>. */
  sys: string;
  /** bpftrace expressions evaluated at sys_enter for the numeric slots n0..n3. */
  nums: string[];
  /** bpftrace expressions (user pointers) saved at sys_enter, read as strings at sys_exit. */
  strs: string[];
  /** Describe this fd at sys_exit (file mode, socket family/addresses): 'ret' or a numeric slot. */
  fd?: 'ret' | 'n0';
  /** A user sockaddr pointer saved at sys_enter and decoded at sys_exit. */
  sockaddr?: string;
  /** sendmsg: a user msghdr pointer whose msg_name is decoded as the sockaddr. */
  msghdr?: string;
  args: ArgSpec[];
  /** Internal: traced for the process/fd tables even when no rule asks for it. */
  internal?: boolean;
}

const AT_FDCWD = '-100';
const path = (name: string, from: Slot, dirfd?: Slot): ArgSpec =>
  dirfd ? { name, from, format: 'path', dirfd } : { name, from, format: 'path' };
const arg = (name: string, from: Slot, format: ArgFormat): ArgSpec => ({ name, from, format });

export const SPECS: readonly SyscallSpec[] = [
  {
    evt: 'open',
    sys: 'open',
    nums: ['args->flags', 'args->mode', AT_FDCWD],
    strs: ['args->filename'],
    fd: 'ret',
    args: [
      arg('fd', 'ret', 'fd'),
      path('name', 's0'),
      arg('flags', 'n0', 'openflags'),
      arg('mode', 'n1', 'mode'),
    ],
  },
  {
    evt: 'openat',
    sys: 'openat',
    nums: ['args->flags', 'args->mode', 'args->dfd'],
    strs: ['args->filename'],
    fd: 'ret',
    args: [
      arg('fd', 'ret', 'fd'),
      arg('dirfd', 'n2', 'fd'),
      path('name', 's0', 'n2'),
      arg('flags', 'n0', 'openflags'),
      arg('mode', 'n1', 'mode'),
    ],
  },
  {
    evt: 'openat2',
    sys: 'openat2',
    // struct open_how { u64 flags; u64 mode; u64 resolve; } lives in user memory.
    nums: [
      '*(uint64 *)uptr(args->how)',
      '*(uint64 *)uptr(args->how + 8)',
      'args->dfd',
      '*(uint64 *)uptr(args->how + 16)',
    ],
    strs: ['args->filename'],
    fd: 'ret',
    args: [
      arg('fd', 'ret', 'fd'),
      arg('dirfd', 'n2', 'fd'),
      path('name', 's0', 'n2'),
      arg('flags', 'n0', 'openflags'),
      arg('mode', 'n1', 'mode'),
      arg('resolve', 'n3', 'int'),
    ],
  },
  {
    evt: 'creat',
    sys: 'creat',
    nums: ['577' /* O_CREAT|O_WRONLY|O_TRUNC */, 'args->mode', AT_FDCWD],
    strs: ['args->pathname'],
    fd: 'ret',
    args: [arg('fd', 'ret', 'fd'), path('name', 's0'), arg('mode', 'n1', 'mode')],
  },
  {
    evt: 'connect',
    sys: 'connect',
    nums: ['args->fd'],
    strs: [],
    fd: 'n0',
    sockaddr: 'args->uservaddr',
    args: [arg('res', 'ret', 'int'), arg('fd', 'n0', 'fd')],
  },
  {
    evt: 'socket',
    sys: 'socket',
    nums: ['args->family', 'args->type', 'args->protocol'],
    strs: [],
    fd: 'ret',
    args: [
      arg('fd', 'ret', 'fd'),
      arg('domain', 'n0', 'family'),
      arg('type', 'n1', 'int'),
      arg('proto', 'n2', 'int'),
    ],
  },
  {
    evt: 'accept',
    sys: 'accept',
    nums: ['args->fd'],
    strs: [],
    fd: 'ret',
    args: [arg('fd', 'ret', 'fd')],
  },
  {
    evt: 'accept4',
    sys: 'accept4',
    nums: ['args->fd', 'args->flags'],
    strs: [],
    fd: 'ret',
    args: [arg('fd', 'ret', 'fd'), arg('flags', 'n1', 'int')],
  },
  {
    evt: 'sendto',
    sys: 'sendto',
    nums: ['args->fd', 'args->len'],
    strs: [],
    fd: 'n0',
    sockaddr: 'args->addr',
    args: [arg('res', 'ret', 'int'), arg('fd', 'n0', 'fd'), arg('size', 'n1', 'int')],
  },
  {
    evt: 'sendmsg',
    sys: 'sendmsg',
    nums: ['args->fd', 'args->flags'],
    strs: [],
    fd: 'n0',
    msghdr: 'args->msg',
    args: [arg('res', 'ret', 'int'), arg('fd', 'n0', 'fd')],
  },
  {
    evt: 'dup',
    sys: 'dup',
    nums: ['args->fildes'],
    strs: [],
    fd: 'n0',
    args: [arg('res', 'ret', 'fd'), arg('fd', 'n0', 'fd')],
  },
  {
    evt: 'dup2',
    sys: 'dup2',
    nums: ['args->oldfd', 'args->newfd'],
    strs: [],
    fd: 'n0',
    args: [arg('res', 'ret', 'fd'), arg('oldfd', 'n0', 'fd'), arg('newfd', 'n1', 'fd')],
  },
  {
    evt: 'dup3',
    sys: 'dup3',
    nums: ['args->oldfd', 'args->newfd', 'args->flags'],
    strs: [],
    fd: 'n0',
    args: [
      arg('res', 'ret', 'fd'),
      arg('oldfd', 'n0', 'fd'),
      arg('newfd', 'n1', 'fd'),
      arg('flags', 'n2', 'int'),
    ],
  },
  {
    evt: 'ptrace',
    sys: 'ptrace',
    nums: ['args->request', 'args->pid'],
    strs: [],
    args: [arg('res', 'ret', 'int'), arg('request', 'n0', 'ptrace'), arg('pid', 'n1', 'int')],
  },
  {
    evt: 'init_module',
    sys: 'init_module',
    nums: ['args->len'],
    strs: [],
    args: [arg('res', 'ret', 'int'), arg('length', 'n0', 'int')],
  },
  {
    evt: 'finit_module',
    sys: 'finit_module',
    nums: ['args->fd', 'args->flags'],
    strs: [],
    fd: 'n0',
    args: [arg('res', 'ret', 'int'), arg('fd', 'n0', 'fd'), arg('flags', 'n1', 'int')],
  },
  {
    evt: 'link',
    sys: 'link',
    nums: [],
    strs: ['args->oldname', 'args->newname'],
    args: [arg('res', 'ret', 'int'), path('oldpath', 's0'), path('newpath', 's1')],
  },
  {
    evt: 'linkat',
    sys: 'linkat',
    nums: ['args->olddfd', 'args->newdfd', 'args->flags'],
    strs: ['args->oldname', 'args->newname'],
    args: [
      arg('res', 'ret', 'int'),
      arg('olddir', 'n0', 'fd'),
      path('oldpath', 's0', 'n0'),
      arg('newdir', 'n1', 'fd'),
      path('newpath', 's1', 'n1'),
      arg('flags', 'n2', 'linkflags'),
    ],
  },
  {
    evt: 'symlink',
    sys: 'symlink',
    nums: [],
    strs: ['args->oldname', 'args->newname'],
    // The target is stored verbatim in the link, so Falco reports it as given.
    args: [arg('res', 'ret', 'int'), arg('target', 's0', 'string'), path('linkpath', 's1')],
  },
  {
    evt: 'symlinkat',
    sys: 'symlinkat',
    nums: ['args->newdfd'],
    strs: ['args->oldname', 'args->newname'],
    args: [
      arg('res', 'ret', 'int'),
      arg('target', 's0', 'string'),
      arg('linkdirfd', 'n0', 'fd'),
      path('linkpath', 's1', 'n0'),
    ],
  },
  {
    evt: 'unlink',
    sys: 'unlink',
    nums: [],
    strs: ['args->pathname'],
    args: [arg('res', 'ret', 'int'), path('path', 's0')],
  },
  {
    evt: 'unlinkat',
    sys: 'unlinkat',
    nums: ['args->dfd', 'args->flag'],
    strs: ['args->pathname'],
    args: [
      arg('res', 'ret', 'int'),
      arg('dirfd', 'n0', 'fd'),
      path('name', 's0', 'n0'),
      arg('flags', 'n1', 'unlinkflags'),
    ],
  },
  {
    evt: 'rmdir',
    sys: 'rmdir',
    nums: [],
    strs: ['args->pathname'],
    args: [arg('res', 'ret', 'int'), path('path', 's0')],
  },
  {
    evt: 'rename',
    sys: 'rename',
    nums: [],
    strs: ['args->oldname', 'args->newname'],
    args: [arg('res', 'ret', 'int'), path('oldpath', 's0'), path('newpath', 's1')],
  },
  {
    evt: 'renameat',
    sys: 'renameat',
    nums: ['args->olddfd', 'args->newdfd'],
    strs: ['args->oldname', 'args->newname'],
    args: [
      arg('res', 'ret', 'int'),
      arg('olddirfd', 'n0', 'fd'),
      path('oldpath', 's0', 'n0'),
      arg('newdirfd', 'n1', 'fd'),
      path('newpath', 's1', 'n1'),
    ],
  },
  {
    evt: 'renameat2',
    sys: 'renameat2',
    nums: ['args->olddfd', 'args->newdfd', 'args->flags'],
    strs: ['args->oldname', 'args->newname'],
    args: [
      arg('res', 'ret', 'int'),
      arg('olddirfd', 'n0', 'fd'),
      path('oldpath', 's0', 'n0'),
      arg('newdirfd', 'n1', 'fd'),
      path('newpath', 's1', 'n1'),
      arg('flags', 'n2', 'renameflags'),
    ],
  },
  {
    evt: 'mkdir',
    sys: 'mkdir',
    nums: ['args->mode'],
    strs: ['args->pathname'],
    args: [arg('res', 'ret', 'int'), path('path', 's0'), arg('mode', 'n0', 'mode')],
  },
  {
    evt: 'mkdirat',
    sys: 'mkdirat',
    nums: ['args->dfd', 'args->mode'],
    strs: ['args->pathname'],
    args: [
      arg('res', 'ret', 'int'),
      arg('dirfd', 'n0', 'fd'),
      path('path', 's0', 'n0'),
      arg('mode', 'n1', 'mode'),
    ],
  },
  {
    evt: 'chmod',
    sys: 'chmod',
    nums: ['args->mode'],
    strs: ['args->filename'],
    args: [arg('res', 'ret', 'int'), path('filename', 's0'), arg('mode', 'n0', 'mode')],
  },
  {
    evt: 'fchmodat',
    sys: 'fchmodat',
    nums: ['args->dfd', 'args->mode'],
    strs: ['args->filename'],
    args: [
      arg('res', 'ret', 'int'),
      arg('dirfd', 'n0', 'fd'),
      path('filename', 's0', 'n0'),
      arg('mode', 'n1', 'mode'),
    ],
  },
  {
    evt: 'fchmod',
    sys: 'fchmod',
    nums: ['args->fd', 'args->mode'],
    strs: [],
    fd: 'n0',
    args: [arg('res', 'ret', 'int'), arg('fd', 'n0', 'fd'), arg('mode', 'n1', 'mode')],
  },
  {
    evt: 'setuid',
    sys: 'setuid',
    nums: ['args->uid'],
    strs: [],
    args: [arg('res', 'ret', 'int'), arg('uid', 'n0', 'uid')],
  },
  {
    evt: 'setgid',
    sys: 'setgid',
    nums: ['args->gid'],
    strs: [],
    args: [arg('res', 'ret', 'int'), arg('gid', 'n0', 'uid')],
  },
  {
    evt: 'setresuid',
    sys: 'setresuid',
    nums: ['args->ruid', 'args->euid', 'args->suid'],
    strs: [],
    args: [
      arg('res', 'ret', 'int'),
      arg('ruid', 'n0', 'uid'),
      arg('euid', 'n1', 'uid'),
      arg('suid', 'n2', 'uid'),
    ],
  },
  {
    evt: 'setresgid',
    sys: 'setresgid',
    nums: ['args->rgid', 'args->egid', 'args->sgid'],
    strs: [],
    args: [
      arg('res', 'ret', 'int'),
      arg('rgid', 'n0', 'uid'),
      arg('egid', 'n1', 'uid'),
      arg('sgid', 'n2', 'uid'),
    ],
  },
  {
    evt: 'mount',
    sys: 'mount',
    nums: ['args->flags'],
    strs: ['args->dev_name', 'args->dir_name', 'args->type'],
    args: [
      arg('res', 'ret', 'int'),
      arg('dev', 's0', 'string'),
      path('dir', 's1'),
      arg('type', 's2', 'string'),
      arg('flags', 'n0', 'mountflags'),
    ],
  },
  {
    evt: 'umount2',
    sys: 'umount',
    nums: ['args->flags'],
    strs: ['args->name'],
    args: [arg('res', 'ret', 'int'), path('name', 's0'), arg('flags', 'n0', 'int')],
  },
  {
    evt: 'unshare',
    sys: 'unshare',
    nums: ['args->unshare_flags'],
    strs: [],
    args: [arg('res', 'ret', 'int'), arg('flags', 'n0', 'cloneflags')],
  },
  {
    evt: 'setns',
    sys: 'setns',
    nums: ['args->fd', 'args->flags'],
    strs: [],
    args: [arg('res', 'ret', 'int'), arg('fd', 'n0', 'fd'), arg('nstype', 'n1', 'cloneflags')],
  },
  {
    evt: 'memfd_create',
    sys: 'memfd_create',
    nums: ['args->flags'],
    strs: ['args->uname'],
    args: [arg('fd', 'ret', 'fd'), arg('name', 's0', 'string'), arg('flags', 'n0', 'memfdflags')],
  },
  {
    evt: 'chroot',
    sys: 'chroot',
    nums: [],
    strs: ['args->filename'],
    args: [arg('res', 'ret', 'int'), path('path', 's0')],
  },
  {
    evt: 'bpf',
    sys: 'bpf',
    nums: ['args->cmd'],
    strs: [],
    args: [arg('res_or_fd', 'ret', 'int'), arg('cmd', 'n0', 'int')],
  },
  // The process table follows the working directory so relative paths resolve as Falco's do.
  {
    evt: 'chdir',
    sys: 'chdir',
    nums: [],
    strs: ['args->filename'],
    args: [arg('res', 'ret', 'int'), path('path', 's0')],
    internal: true,
  },
  {
    evt: 'fchdir',
    sys: 'fchdir',
    nums: ['args->fd'],
    strs: [],
    args: [arg('res', 'ret', 'int'), arg('fd', 'n0', 'fd')],
    internal: true,
  },
];

/** Spec ids are 1-based positions in SPECS, so 0 means "no saved entry" in the bpftrace map. */
export function specById(id: number): SyscallSpec | undefined {
  return SPECS[id - 1];
}

export function specId(spec: SyscallSpec): number {
  return SPECS.indexOf(spec) + 1;
}

/** Event types produced from sched tracepoints rather than syscall specs. */
export const PROCESS_EVENT_TYPES = ['execve', 'execveat', 'clone', 'fork', 'vfork', 'clone3', 'procexit'];

export const ALL_EVENT_TYPES: readonly string[] = [
  ...PROCESS_EVENT_TYPES,
  ...SPECS.filter((s) => !s.internal).map((s) => s.evt),
];

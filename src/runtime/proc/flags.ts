// Render syscall arguments the way Falco prints evt.arg.* values, so rule conditions such as
// `evt.arg.flags contains O_CREAT` or `evt.arg.request contains PTRACE_TRACEME` match as in Falco.
// ref: falcosecurity/libs driver/flags_table.c (name tables, in their order) and
// userspace/libsinsp/event.cpp (PT_FLAGS: names of every set bit group, `|`-separated, bits
// consumed as matched; PT_ENUMFLAGS: the one name equal to the value).
// Linux values: include/uapi/asm-generic/fcntl.h, linux/sched.h, linux/mount.h, linux/ptrace.h.

type Table = readonly (readonly [string, number])[];

export function renderFlags(table: Table, value: number): string {
  let val = value >>> 0;
  const initial = val;
  const names: string[] = [];
  for (const [name, bits] of table) {
    if ((bits === 0 && initial === 0) || (bits !== 0 && val !== 0 && (val & bits) >>> 0 === bits >>> 0)) {
      names.push(name);
      val = (val & ~bits) >>> 0;
    }
  }
  return names.join('|');
}

export function renderEnum(table: Table, value: number): string {
  for (const [name, v] of table) if (v === value) return name;
  return String(value);
}

// Falco's internal PPM_O_* bits, which its file_flags table names.
const PPM_O = {
  RDONLY: 1 << 0,
  WRONLY: 1 << 1,
  RDWR: (1 << 0) | (1 << 1),
  CREAT: 1 << 2,
  APPEND: 1 << 3,
  DSYNC: 1 << 4,
  EXCL: 1 << 5,
  NONBLOCK: 1 << 6,
  SYNC: 1 << 7,
  TRUNC: 1 << 8,
  DIRECT: 1 << 9,
  DIRECTORY: 1 << 10,
  LARGEFILE: 1 << 11,
  CLOEXEC: 1 << 12,
  TMPFILE: 1 << 13,
  F_CREATED: 1 << 14,
};

const FILE_FLAGS: Table = [
  ['O_LARGEFILE', PPM_O.LARGEFILE],
  ['O_DIRECTORY', PPM_O.DIRECTORY],
  ['O_DIRECT', PPM_O.DIRECT],
  ['O_TRUNC', PPM_O.TRUNC],
  ['O_SYNC', PPM_O.SYNC],
  ['O_NONBLOCK', PPM_O.NONBLOCK],
  ['O_EXCL', PPM_O.EXCL],
  ['O_DSYNC', PPM_O.DSYNC],
  ['O_APPEND', PPM_O.APPEND],
  ['O_CREAT', PPM_O.CREAT],
  ['O_RDWR', PPM_O.RDWR],
  ['O_WRONLY', PPM_O.WRONLY],
  ['O_RDONLY', PPM_O.RDONLY],
  ['O_CLOEXEC', PPM_O.CLOEXEC],
  ['O_NONE', 0],
  ['O_TMPFILE', PPM_O.TMPFILE],
  ['O_F_CREATED', PPM_O.F_CREATED],
];

// Linux open(2) flag values (x86_64 / asm-generic).
export const O = {
  ACCMODE: 0o3,
  WRONLY: 0o1,
  RDWR: 0o2,
  CREAT: 0o100,
  EXCL: 0o200,
  TRUNC: 0o1000,
  APPEND: 0o2000,
  NONBLOCK: 0o4000,
  DSYNC: 0o10000,
  DIRECT: 0o40000,
  LARGEFILE: 0o100000,
  DIRECTORY: 0o200000,
  CLOEXEC: 0o2000000,
  SYNC_BIT: 0o4000000, // __O_SYNC
  TMPFILE_BIT: 0o20000000, // __O_TMPFILE
};

/** Linux open flags (+ whether the file was created) → Falco's PPM_O_* value (open_flags_to_scap). */
export function openFlagsToPpm(flags: number, created = false): number {
  let r = 0;
  switch (flags & O.ACCMODE) {
    case 0:
      r |= PPM_O.RDONLY;
      break;
    case O.WRONLY:
      r |= PPM_O.WRONLY;
      break;
    case O.RDWR:
      r |= PPM_O.RDWR;
      break;
  }
  if (flags & O.CREAT) r |= PPM_O.CREAT;
  if (flags & O.APPEND) r |= PPM_O.APPEND;
  if (flags & O.DSYNC) r |= PPM_O.DSYNC;
  if (flags & O.EXCL) r |= PPM_O.EXCL;
  if (flags & O.NONBLOCK) r |= PPM_O.NONBLOCK;
  if (flags & O.SYNC_BIT) r |= PPM_O.SYNC;
  if (flags & O.TRUNC) r |= PPM_O.TRUNC;
  if (flags & O.DIRECT) r |= PPM_O.DIRECT;
  if (flags & O.DIRECTORY) r |= PPM_O.DIRECTORY;
  if (flags & O.LARGEFILE) r |= PPM_O.LARGEFILE;
  if (flags & O.CLOEXEC) r |= PPM_O.CLOEXEC;
  if (flags & O.TMPFILE_BIT) r |= PPM_O.TMPFILE;
  if (created) r |= PPM_O.F_CREATED;
  return r;
}

const openFlagsCache = new Map<number, string>();
export function renderOpenFlags(flags: number, created = false): string {
  const ppm = openFlagsToPpm(flags, created);
  let s = openFlagsCache.get(ppm);
  if (s === undefined) {
    s = renderFlags(FILE_FLAGS, ppm);
    if (openFlagsCache.size > 1024) openFlagsCache.clear();
    openFlagsCache.set(ppm, s);
  }
  return s;
}

export const isOpenWrite = (flags: number): boolean =>
  (flags & O.ACCMODE) === O.WRONLY || (flags & O.ACCMODE) === O.RDWR;
export const isOpenRead = (flags: number): boolean =>
  (flags & O.ACCMODE) === 0 || (flags & O.ACCMODE) === O.RDWR;

const MODE: Table = [
  ['S_IXOTH', 0o1],
  ['S_IWOTH', 0o2],
  ['S_IROTH', 0o4],
  ['S_IXGRP', 0o10],
  ['S_IWGRP', 0o20],
  ['S_IRGRP', 0o40],
  ['S_IXUSR', 0o100],
  ['S_IWUSR', 0o200],
  ['S_IRUSR', 0o400],
  ['S_ISVTX', 0o1000],
  ['S_ISGID', 0o2000],
  ['S_ISUID', 0o4000],
];
export const renderMode = (mode: number): string => renderFlags(MODE, mode & 0o7777);

const CLONE: Table = [
  ['CLONE_FILES', 0x400],
  ['CLONE_FS', 0x200],
  ['CLONE_IO', 0x80000000],
  ['CLONE_NEWIPC', 0x8000000],
  ['CLONE_NEWNET', 0x40000000],
  ['CLONE_NEWNS', 0x20000],
  ['CLONE_NEWPID', 0x20000000],
  ['CLONE_NEWUTS', 0x4000000],
  ['CLONE_PARENT', 0x8000],
  ['CLONE_PARENT_SETTID', 0x100000],
  ['CLONE_PTRACE', 0x2000],
  ['CLONE_SIGHAND', 0x800],
  ['CLONE_SYSVSEM', 0x40000],
  ['CLONE_THREAD', 0x10000],
  ['CLONE_UNTRACED', 0x800000],
  ['CLONE_VM', 0x100],
  ['CLONE_NEWUSER', 0x10000000],
  ['CLONE_CHILD_CLEARTID', 0x200000],
  ['CLONE_CHILD_SETTID', 0x1000000],
  ['CLONE_SETTLS', 0x80000],
  ['CLONE_VFORK', 0x4000],
  ['CLONE_NEWCGROUP', 0x2000000],
];
export const renderCloneFlags = (v: number): string => renderFlags(CLONE, v);

const MOUNT: Table = [
  ['RDONLY', 1],
  ['NOSUID', 2],
  ['NODEV', 4],
  ['NOEXEC', 8],
  ['SYNCHRONOUS', 16],
  ['REMOUNT', 32],
  ['MANDLOCK', 64],
  ['DIRSYNC', 128],
  ['NOATIME', 1024],
  ['NODIRATIME', 2048],
  ['BIND', 4096],
  ['MOVE', 8192],
  ['REC', 16384],
  ['SILENT', 32768],
  ['POSIXACL', 1 << 16],
  ['UNBINDABLE', 1 << 17],
  ['PRIVATE', 1 << 18],
  ['SLAVE', 1 << 19],
  ['SHARED', 1 << 20],
  ['RELATIME', 1 << 21],
  ['KERNMOUNT', 1 << 22],
  ['I_VERSION', 1 << 23],
  ['STRICTATIME', 1 << 24],
  ['LAZYTIME', 1 << 25],
  ['NOSEC', 1 << 28],
  ['BORN', 1 << 29],
  ['ACTIVE', 1 << 30],
  ['NOUSER', 2 ** 31],
];
export const renderMountFlags = (v: number): string => renderFlags(MOUNT, v);

const PTRACE: Table = [
  ['PTRACE_SINGLEBLOCK', 33],
  ['PTRACE_SYSEMU_SINGLESTEP', 32],
  ['PTRACE_SYSEMU', 31],
  ['PTRACE_ARCH_PRCTL', 30],
  ['PTRACE_SET_THREAD_AREA', 26],
  ['PTRACE_GET_THREAD_AREA', 25],
  ['PTRACE_OLDSETOPTIONS', 21],
  ['PTRACE_SETFPXREGS', 19],
  ['PTRACE_GETFPXREGS', 18],
  ['PTRACE_SETFPREGS', 15],
  ['PTRACE_GETFPREGS', 14],
  ['PTRACE_SETREGS', 13],
  ['PTRACE_GETREGS', 12],
  ['PTRACE_SETSIGMASK', 0x420b],
  ['PTRACE_GETSIGMASK', 0x420a],
  ['PTRACE_PEEKSIGINFO', 0x4209],
  ['PTRACE_LISTEN', 0x4208],
  ['PTRACE_INTERRUPT', 0x4207],
  ['PTRACE_SEIZE', 0x4206],
  ['PTRACE_SETREGSET', 0x4205],
  ['PTRACE_GETREGSET', 0x4204],
  ['PTRACE_SETSIGINFO', 0x4203],
  ['PTRACE_GETSIGINFO', 0x4202],
  ['PTRACE_GETEVENTMSG', 0x4201],
  ['PTRACE_SETOPTIONS', 0x4200],
  ['PTRACE_SYSCALL', 24],
  ['PTRACE_DETACH', 17],
  ['PTRACE_ATTACH', 16],
  ['PTRACE_SINGLESTEP', 9],
  ['PTRACE_KILL', 8],
  ['PTRACE_CONT', 7],
  ['PTRACE_POKEUSR', 6],
  ['PTRACE_POKEDATA', 5],
  ['PTRACE_POKETEXT', 4],
  ['PTRACE_PEEKUSR', 3],
  ['PTRACE_PEEKDATA', 2],
  ['PTRACE_PEEKTEXT', 1],
  ['PTRACE_TRACEME', 0],
];
export const renderPtrace = (v: number): string => {
  const name = renderEnum(PTRACE, v);
  return name === String(v) ? 'PTRACE_UNKNOWN' : name;
};

// Falco's socket_families table lists AF_LOCAL before AF_UNIX, so exact matching prints AF_LOCAL.
const FAMILIES: Table = [
  ['AF_NFC', 39],
  ['AF_ALG', 38],
  ['AF_CAIF', 37],
  ['AF_IEEE802154', 36],
  ['AF_PHONET', 35],
  ['AF_ISDN', 34],
  ['AF_RXRPC', 33],
  ['AF_IUCV', 32],
  ['AF_BLUETOOTH', 31],
  ['AF_TIPC', 30],
  ['AF_CAN', 29],
  ['AF_LLC', 26],
  ['AF_WANPIPE', 25],
  ['AF_PPPOX', 24],
  ['AF_IRDA', 23],
  ['AF_SNA', 22],
  ['AF_RDS', 21],
  ['AF_ATMSVC', 20],
  ['AF_ECONET', 19],
  ['AF_ASH', 18],
  ['AF_PACKET', 17],
  ['AF_ROUTE', 16],
  ['AF_NETLINK', 16],
  ['AF_KEY', 15],
  ['AF_SECURITY', 14],
  ['AF_NETBEUI', 13],
  ['AF_DECnet', 12],
  ['AF_ROSE', 11],
  ['AF_INET6', 10],
  ['AF_X25', 9],
  ['AF_ATMPVC', 8],
  ['AF_BRIDGE', 7],
  ['AF_NETROM', 6],
  ['AF_APPLETALK', 5],
  ['AF_IPX', 4],
  ['AF_AX25', 3],
  ['AF_INET', 2],
  ['AF_LOCAL', 1],
  ['AF_UNIX', 1],
  ['AF_UNSPEC', 0],
];
export const renderFamily = (v: number): string => renderEnum(FAMILIES, v);

export const renderUnlinkFlags = (v: number): string => renderFlags([['AT_REMOVEDIR', 0x200]], v);
export const renderLinkFlags = (v: number): string =>
  renderFlags(
    [
      ['AT_SYMLINK_FOLLOW', 0x400],
      ['AT_EMPTY_PATH', 0x1000],
    ],
    v,
  );
export const renderRenameFlags = (v: number): string =>
  renderFlags(
    [
      ['RENAME_NOREPLACE', 1],
      ['RENAME_EXCHANGE', 2],
      ['RENAME_WHITEOUT', 4],
    ],
    v,
  );
export const renderMemfdFlags = (v: number): string =>
  renderFlags(
    [
      ['MFD_CLOEXEC', 1],
      ['MFD_ALLOW_SEALING', 2],
      ['MFD_HUGETLB', 4],
      ['MFD_NOEXEC_SEAL', 8],
      ['MFD_EXEC', 0x10],
    ],
    v,
  );

// execve exit `flags` (PPM_EXE_*).
export const EXE = { WRITABLE: 1, UPPER_LAYER: 2, FROM_MEMFD: 4, LOWER_LAYER: 8 };
export const renderExeFlags = (v: number): string =>
  renderFlags(
    [
      ['EXE_WRITABLE', EXE.WRITABLE],
      ['EXE_UPPER_LAYER', EXE.UPPER_LAYER],
      ['EXE_FROM_MEMFD', EXE.FROM_MEMFD],
      ['EXE_LOWER_LAYER', EXE.LOWER_LAYER],
    ],
    v,
  );

const CAPS = [
  'CAP_CHOWN',
  'CAP_DAC_OVERRIDE',
  'CAP_DAC_READ_SEARCH',
  'CAP_FOWNER',
  'CAP_FSETID',
  'CAP_KILL',
  'CAP_SETGID',
  'CAP_SETUID',
  'CAP_SETPCAP',
  'CAP_LINUX_IMMUTABLE',
  'CAP_NET_BIND_SERVICE',
  'CAP_NET_BROADCAST',
  'CAP_NET_ADMIN',
  'CAP_NET_RAW',
  'CAP_IPC_LOCK',
  'CAP_IPC_OWNER',
  'CAP_SYS_MODULE',
  'CAP_SYS_RAWIO',
  'CAP_SYS_CHROOT',
  'CAP_SYS_PTRACE',
  'CAP_SYS_PACCT',
  'CAP_SYS_ADMIN',
  'CAP_SYS_BOOT',
  'CAP_SYS_NICE',
  'CAP_SYS_RESOURCE',
  'CAP_SYS_TIME',
  'CAP_SYS_TTY_CONFIG',
  'CAP_MKNOD',
  'CAP_LEASE',
  'CAP_AUDIT_WRITE',
  'CAP_AUDIT_CONTROL',
  'CAP_SETFCAP',
  'CAP_MAC_OVERRIDE',
  'CAP_MAC_ADMIN',
  'CAP_SYSLOG',
  'CAP_WAKE_ALARM',
  'CAP_BLOCK_SUSPEND',
  'CAP_AUDIT_READ',
  'CAP_PERFMON',
  'CAP_BPF',
  'CAP_CHECKPOINT_RESTORE',
];

/** A 64-bit capability mask (as a JS number, bits < 53) → `CAP_X CAP_Y …` as sinsp prints it. */
export function renderCaps(mask: number): string {
  const out: string[] = [];
  for (let bit = 0; bit < CAPS.length; bit++) {
    if (Math.floor(mask / 2 ** bit) % 2 === 1) out.push(CAPS[bit]!);
  }
  return out.join(' ');
}

const ERRNO = [
  '',
  'EPERM',
  'ENOENT',
  'ESRCH',
  'EINTR',
  'EIO',
  'ENXIO',
  'E2BIG',
  'ENOEXEC',
  'EBADF',
  'ECHILD',
  'EAGAIN',
  'ENOMEM',
  'EACCES',
  'EFAULT',
  'ENOTBLK',
  'EBUSY',
  'EEXIST',
  'EXDEV',
  'ENODEV',
  'ENOTDIR',
  'EISDIR',
  'EINVAL',
  'ENFILE',
  'EMFILE',
  'ENOTTY',
  'ETXTBSY',
  'EFBIG',
  'ENOSPC',
  'ESPIPE',
  'EROFS',
  'EMLINK',
  'EPIPE',
  'EDOM',
  'ERANGE',
  'EDEADLK',
  'ENAMETOOLONG',
  'ENOLCK',
  'ENOSYS',
  'ENOTEMPTY',
  'ELOOP',
];
const ERRNO_NET: Record<number, string> = {
  88: 'ENOTSOCK',
  95: 'EOPNOTSUPP',
  97: 'EAFNOSUPPORT',
  98: 'EADDRINUSE',
  99: 'EADDRNOTAVAIL',
  100: 'ENETDOWN',
  101: 'ENETUNREACH',
  103: 'ECONNABORTED',
  104: 'ECONNRESET',
  106: 'EISCONN',
  107: 'ENOTCONN',
  110: 'ETIMEDOUT',
  111: 'ECONNREFUSED',
  113: 'EHOSTUNREACH',
  114: 'EALREADY',
  115: 'EINPROGRESS',
  116: 'ESTALE',
  122: 'EDQUOT',
};

/** Falco's evt.res: SUCCESS for a non-negative return, else the errno name. */
export function renderRes(ret: number): string {
  if (ret >= 0) return 'SUCCESS';
  const e = -ret;
  return ERRNO[e] || ERRNO_NET[e] || `E${e}`;
}

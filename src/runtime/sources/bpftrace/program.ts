// Generate the bpftrace program for a set of Falco event types.
//
// Output protocol. bpftrace -f json wraps every printf in {"type": "printf", "data": "…"} and
// escapes control characters, so a hostile file name cannot forge a line. Lines are tab-separated:
//   E ts pid tid old_pid ppid euid egid loginuid cap_eff cap_prm tty_major tty_minor exe_ino
//     exe_ctime exe_mtime exe_mode exe_uid exe_sb_magic mntns cgroup argc execveat vpid
//                                                       (a successful exec; strings: 0 filename,
//                                                        1 exe dentry name, 2 comm, 3+i argv[i])
//   F ts pid tid child_pid child_ppid clone_flags      (a new process, not a thread)
//   P ts pid tid group_dead                            (a thread exits)
//   G ts pid tid euid egid spec ret n0 n1 n2 n3        (a syscall from SPECS)
//   H … as G … imode fmode family type proto lport rport la0..la3 ra0..ra3
//          sa_family sa_port sa0..sa3                  (a syscall on a socket fd / with a sockaddr)
//   I … as G … imode fmode                             (a syscall on any other fd)
//   s ts tid slot chunk <text>                         (a string of the next E/G/H line of tid)
// Only `s` lines carry text, as their last field, so tabs inside text cannot shift a number.
// Strings longer than one bpftrace string (STRLEN-1 bytes) continue as chunk 1, 2, … of the slot.
//
// bpftrace 0.17 limits worked around here (docs/runtime-sensor.md has the full table):
//  - strings live on the 512-byte BPF stack; with the numeric fields a probe needs, STRLEN 128 is
//    the most that fits, and strings and numbers go out from separate programs on one tracepoint
//    (they run in attach order, which is source order);
//  - user strings are read at sys_exit, once the kernel faulted their pages in (read at
//    sys_enter, a page not yet faulted in reads as an empty string);
//  - there is no strlen(): a chunk is full when its STRLEN-1 bytes hold no NUL, tested 8 at a time;
//  - BTF member chains of several pointer hops lose their types: every hop is cast explicitly;
//  - flexible arrays (pid->numbers[]) cannot be indexed: addressed via sizeof(struct pid);
//  - no kprobes, kfuncs or raw tracepoints on this kernel: forks of threads and processes are told
//    apart by the clone flags saved at sys_enter_clone/clone3.
import { specId, SPECS, type SyscallSpec } from './specs.js';

export interface ProgramOptions {
  /** Falco event types to trace; undefined traces everything the sensor knows. */
  eventTypes?: Iterable<string>;
  /** Our own pid: its syscalls are not traced (reading /proc would feed back into the stream). */
  selfPid: number;
  /** BPFTRACE_STRLEN the program runs with (16..128: larger overflows the 512-byte BPF stack). */
  strlen?: number;
  /** Continuation chunks per path string (path length ≈ chunks × (strlen-1)). */
  pathChunks?: number;
  /** argv entries captured per exec, and chunks per argv entry. */
  maxArgs?: number;
  argChunks?: number;
  /** Syscalls whose tracepoints exist on this kernel; others are skipped. */
  available?: (sys: string) => boolean;
}

export interface Program {
  text: string;
  specs: SyscallSpec[];
  skipped: string[];
  strlen: number;
}

const HAS_ZERO = (w: string) => `((${w} - 0x0101010101010101) & ~${w} & 0x8080808080808080) != 0`;

/** Emit `s` continuation lines for the user string at `ptr` (string slot `slot`) while each chunk is full. */
function chunks(ptr: string, slot: string, max: number, strlen: number): string {
  if (max <= 1) return '';
  const n = strlen - 1; // bytes of text per chunk
  const words = Math.floor((n - 1) / 8); // whole words before the chunk's last byte
  return `
  $q = (uint64)(${ptr}); $k = (uint64)1;
  while ($k < ${max}) {
    if (*(uint8 *)uptr($q + ${n - 1}) == 0) { break; }
    $full = 1; $j = (uint64)0;
    while ($j < ${words}) { $w = *(uint64 *)uptr($q + $j * 8); if (${HAS_ZERO('$w')}) { $full = 0; break; } $j++; }
    if ($full == 1) { $w = *(uint64 *)uptr($q + ${n - 8}); if (${HAS_ZERO('$w')}) { $full = 0; } }
    if ($full == 0) { break; }
    $q = $q + ${n};
    printf("s\\t%llu\\t%d\\t%llu\\t%llu\\t%s\\n", $ts, tid, (uint64)(${slot}), $k, str(uptr($q)));
    $k++;
  }`;
}

const CRED = `$cr = (struct cred *)((struct task_struct *)curtask)->cred;`;

// fd → file mode and socket identity, read from the task's fd table at sys_exit.
function fdInfo(fdExpr: string): string {
  return `
  $fd = (int64)(${fdExpr});
  $imode = (uint64)0; $fmode = (uint64)0; $fam = (uint64)0; $styp = (uint64)0; $sproto = (uint64)0;
  $lport = (uint64)0; $rport = (uint64)0;
  $la0 = (uint64)0; $la1 = (uint64)0; $la2 = (uint64)0; $la3 = (uint64)0;
  $ra0 = (uint64)0; $ra1 = (uint64)0; $ra2 = (uint64)0; $ra3 = (uint64)0;
  $files = (struct files_struct *)((struct task_struct *)curtask)->files;
  $fdt = (struct fdtable *)$files->fdt;
  if ($fd >= 0 && $fd < (int64)$fdt->max_fds) {
    $f = (struct file *)*((uint64 *)$fdt->fd + $fd);
    if ($f != 0) {
      $imode = ((struct inode *)$f->f_inode)->i_mode;
      $fmode = $f->f_mode;
      if (($imode & 0xf000) == 0xc000) {
        $sk = (struct sock *)((struct socket *)$f->private_data)->sk;
        $fam = $sk->__sk_common.skc_family; $styp = $sk->sk_type; $sproto = $sk->sk_protocol;
        $lport = $sk->__sk_common.skc_num; $rport = $sk->__sk_common.skc_dport;
        if ($fam == 2) { $la0 = $sk->__sk_common.skc_rcv_saddr; $ra0 = $sk->__sk_common.skc_daddr; }
        if ($fam == 10) {
          $la0 = $sk->__sk_common.skc_v6_rcv_saddr.in6_u.u6_addr32[0]; $la1 = $sk->__sk_common.skc_v6_rcv_saddr.in6_u.u6_addr32[1];
          $la2 = $sk->__sk_common.skc_v6_rcv_saddr.in6_u.u6_addr32[2]; $la3 = $sk->__sk_common.skc_v6_rcv_saddr.in6_u.u6_addr32[3];
          $ra0 = $sk->__sk_common.skc_v6_daddr.in6_u.u6_addr32[0]; $ra1 = $sk->__sk_common.skc_v6_daddr.in6_u.u6_addr32[1];
          $ra2 = $sk->__sk_common.skc_v6_daddr.in6_u.u6_addr32[2]; $ra3 = $sk->__sk_common.skc_v6_daddr.in6_u.u6_addr32[3];
        }
      }
    }
  }`;
}

// A user sockaddr: family, port (network order) and up to four address words.
function sockaddr(ptrExpr: string): string {
  return `
  $sa = (uint64)(${ptrExpr});
  $safam = (uint64)0; $saport = (uint64)0; $sa0 = (uint64)0; $sa1 = (uint64)0; $sa2 = (uint64)0; $sa3 = (uint64)0;
  if ($sa != 0) {
    $safam = *(uint16 *)uptr($sa); $saport = *(uint16 *)uptr($sa + 2);
    if ($safam == 2) { $sa0 = *(uint32 *)uptr($sa + 4); }
    if ($safam == 10) { $sa0 = *(uint32 *)uptr($sa + 8); $sa1 = *(uint32 *)uptr($sa + 12); $sa2 = *(uint32 *)uptr($sa + 16); $sa3 = *(uint32 *)uptr($sa + 20); }
  }`;
}

// The sockaddr pointer a spec saved in tuple slot 7 (for sendmsg, the msghdr's msg_name).
function sockaddrPtr(spec: SyscallSpec): string | null {
  if (spec.sockaddr) return '$e.7';
  if (spec.msghdr) return '($e.7 == 0 ? 0 : *(uint64 *)uptr($e.7))';
  return null;
}

type Limits = Required<Omit<ProgramOptions, 'eventTypes' | 'available' | 'selfPid'>>;

// Each syscall: sys_enter saves its arguments in @e[tid] (one tuple type for every spec, so one
// map serves all; a thread is in one syscall at a time). sys_exit runs up to two programs: the
// first prints the strings as `s` lines, the second the numeric G/H line and frees the entry.
// Splitting keeps each program under the 512-byte BPF stack.
function syscallProbes(spec: SyscallSpec, self: string, o: Limits): string {
  const id = specId(spec);
  const nums = [0, 1, 2, 3].map((i) => `(int64)(${spec.nums[i] ?? '0'})`);
  const ptrs = [0, 1, 2].map((i) => {
    if (i < spec.strs.length) return `(uint64)(${spec.strs[i]})`;
    if (i === 2 && spec.sockaddr) return `(uint64)(${spec.sockaddr})`;
    if (i === 2 && spec.msghdr) return `(uint64)(${spec.msghdr})`;
    return '(uint64)0';
  });
  const out: string[] = [
    `tracepoint:syscalls:sys_enter_${spec.sys} /${self}/ {
  @e[tid] = ((int64)${id}, ${nums.join(', ')}, ${ptrs.join(', ')});
}`,
  ];
  const saPtr = sockaddrPtr(spec);
  const hasStrings = spec.strs.length > 0 || saPtr !== null;
  if (hasStrings) {
    const body: string[] = [];
    for (let i = 0; i < spec.strs.length; i++) {
      body.push(`  printf("s\\t%llu\\t%d\\t${i}\\t0\\t%s\\n", $ts, tid, str(uptr($e.${5 + i})));`);
      body.push(chunks(`$e.${5 + i}`, String(i), o.pathChunks, o.strlen));
    }
    if (saPtr) {
      // An AF_UNIX peer's path becomes string slot 0.
      body.push(`  $sa = (uint64)(${saPtr});
  if ($sa != 0) { if (*(uint16 *)uptr($sa) == 1) { printf("s\\t%llu\\t%d\\t0\\t0\\t%s\\n", $ts, tid, str(uptr($sa + 2))); } }`);
    }
    out.push(`tracepoint:syscalls:sys_exit_${spec.sys} /${self}/ {
  $e = @e[tid];
  if ($e.0 == ${id}) {
  $ts = nsecs;
  @sts[tid] = $ts;
${body.join('\n')}
  }
}`);
  }
  const head = `$ts, pid, tid, $cr->euid.val, $cr->egid.val, ${id}, args->ret, $e.1, $e.2, $e.3, $e.4`;
  const headFmt = '%llu\\t%d\\t%d\\t%u\\t%u\\t%d\\t%lld\\t%lld\\t%lld\\t%lld\\t%lld';
  const main: string[] = [];
  if (spec.fd) {
    main.push(fdInfo(spec.fd === 'ret' ? 'args->ret' : '$e.1'));
    if (saPtr) main.push(sockaddr(saPtr));
    else
      main.push(
        '  $safam = (uint64)0; $saport = (uint64)0; $sa0 = (uint64)0; $sa1 = (uint64)0; $sa2 = (uint64)0; $sa3 = (uint64)0;',
      );
    const fdFmt = Array(21).fill('%llu').join('\\t');
    const fdArgs =
      '$imode, $fmode, $fam, $styp, $sproto, $lport, $rport, $la0, $la1, $la2, $la3, $ra0, $ra1, $ra2, $ra3, $safam, $saport, $sa0, $sa1, $sa2, $sa3';
    // Files need only their mode bits: the short I line keeps the perf ring from filling with zeros.
    main.push(`  if (($imode & 0xf000) == 0xc000 || $safam != 0) {
    printf("H\\t${headFmt}\\t${fdFmt}\\n", ${head}, ${fdArgs});
  } else {
    printf("I\\t${headFmt}\\t%llu\\t%llu\\n", ${head}, $imode, $fmode);
  }`);
  } else {
    main.push(`  printf("G\\t${headFmt}\\n", ${head});`);
  }
  out.push(`tracepoint:syscalls:sys_exit_${spec.sys} /${self}/ {
  $e = @e[tid];
  if ($e.0 == ${id}) {
  delete(@e[tid]);
  ${hasStrings ? '$ts = @sts[tid]; delete(@sts[tid]);' : '$ts = nsecs;'}
  ${CRED}
${main.join('\n')}
  }
}`);
  return out.join('\n');
}

// Two programs on sched_process_exec: strings first, numbers second. One program holding both
// overflows the 512-byte BPF stack; programs on one tracepoint run in attach (= source) order, so
// the `s` lines still precede their `E` line.
function execProbe(
  self: string,
  o: Required<Omit<ProgramOptions, 'eventTypes' | 'available' | 'selfPid'>>,
): string {
  return `tracepoint:syscalls:sys_enter_execveat /${self}/ { @xat[tid] = 1; }
tracepoint:syscalls:sys_exit_execveat /${self}/ { delete(@xat[tid]); }
tracepoint:sched:sched_process_exec /${self}/ {
  $ts = nsecs;
  @xts[tid] = $ts;
  $mm = (struct mm_struct *)((struct task_struct *)curtask)->mm;
  $ef = (struct file *)$mm->exe_file;
  printf("s\\t%llu\\t%d\\t0\\t0\\t%s\\n", $ts, tid, str(args->filename));
  printf("s\\t%llu\\t%d\\t1\\t0\\t%s\\n", $ts, tid, str(((struct dentry *)$ef->f_path.dentry)->d_name.name));
  printf("s\\t%llu\\t%d\\t2\\t0\\t%s\\n", $ts, tid, comm);
  $sp = $mm->start_stack;
  $argc = *(uint64 *)uptr($sp);
  $i = (uint64)0;
  while ($i < ${o.maxArgs}) {
    if ($i >= $argc) { break; }
    $p = *(uint64 *)uptr($sp + 8 + 8 * $i);
    printf("s\\t%llu\\t%d\\t%llu\\t0\\t%s\\n", $ts, tid, $i + 3, str(uptr($p)));
    ${chunks('$p', '$i + 3', o.argChunks, o.strlen)}
    $i++;
  }
}
tracepoint:sched:sched_process_exec /${self}/ {
  $ts = @xts[tid];
  delete(@xts[tid]);
  $t = (struct task_struct *)curtask;
  ${CRED}
  $mm = (struct mm_struct *)$t->mm;
  $in = (struct inode *)((struct file *)$mm->exe_file)->f_inode;
  $sb = (struct super_block *)$in->i_sb;
  $tty = (struct tty_struct *)((struct signal_struct *)$t->signal)->tty;
  $ttymaj = (uint64)0; $ttymin = (uint64)0;
  if ($tty != 0) { $drv = (struct tty_driver *)$tty->driver; $ttymaj = $drv->major; $ttymin = $drv->minor_start + $tty->index; }
  $xat = @xat[args->old_pid];
  delete(@xat[args->old_pid]);
  // pid->numbers[] is a flexible array bpftrace 0.17 cannot index; it starts at sizeof(struct pid)
  // and each struct upid { int nr; struct pid_namespace *ns; } is 16 bytes.
  $tp = (struct pid *)$t->thread_pid;
  $vpid = (uint64)*(int32 *)((uint64)$tp + sizeof(struct pid) + 16 * $tp->level);
  printf("E\\t%llu\\t%d\\t%d\\t%d\\t%d\\t%u\\t%u\\t%u\\t%llu\\t%llu\\t%llu\\t%llu\\t%lu\\t%lld\\t%lld\\t%u\\t%u\\t%lu\\t%u\\t%llu\\t%llu\\t%d\\t%llu\\n",
    $ts, pid, tid, args->old_pid, ((struct task_struct *)$t->real_parent)->tgid, $cr->euid.val, $cr->egid.val, $t->loginuid.val,
    $cr->cap_effective.val, $cr->cap_permitted.val, $ttymaj, $ttymin, $in->i_ino, $in->i_ctime_sec, $in->i_mtime_sec,
    $in->i_mode, $in->i_uid.val, $sb->s_magic, ((struct nsproxy *)$t->nsproxy)->mnt_ns->ns.inum, cgroup,
    *(uint64 *)uptr($mm->start_stack), $xat, $vpid);
}`;
}

function processProbes(self: string): string {
  // CLONE_THREAD 0x10000 marks a thread; CLONE_PARENT 0x8000 gives the child our parent.
  return `tracepoint:syscalls:sys_enter_clone /${self}/ { @cf[tid] = args->clone_flags; }
tracepoint:syscalls:sys_enter_clone3 /${self}/ { @cf[tid] = *(uint64 *)uptr(args->uargs); }
tracepoint:syscalls:sys_exit_clone /${self}/ { delete(@cf[tid]); }
tracepoint:syscalls:sys_exit_clone3 /${self}/ { delete(@cf[tid]); }
tracepoint:sched:sched_process_fork /${self}/ {
  $fl = @cf[tid];
  if (($fl & 0x10000) == 0) {
    $pp = pid;
    if (($fl & 0x8000) != 0) { $pp = ((struct task_struct *)((struct task_struct *)curtask)->real_parent)->tgid; }
    printf("F\\t%llu\\t%d\\t%d\\t%d\\t%d\\t%llu\\n", nsecs, pid, tid, args->child_pid, $pp, $fl);
  }
}
tracepoint:sched:sched_process_exit /${self}/ {
  printf("P\\t%llu\\t%d\\t%d\\t%d\\n", nsecs, pid, tid, args->group_dead);
  delete(@e[tid]); delete(@cf[tid]); delete(@xat[tid]); delete(@xts[tid]); delete(@sts[tid]);
}`;
}

/** Which specs a set of event types needs (internal specs always). */
export function selectSpecs(eventTypes?: Iterable<string>): SyscallSpec[] {
  if (!eventTypes) return [...SPECS];
  const want = new Set(eventTypes);
  return SPECS.filter((s) => s.internal || want.has(s.evt));
}

export function generateProgram(opts: ProgramOptions): Program {
  const o = {
    strlen: opts.strlen ?? 128,
    pathChunks: opts.pathChunks ?? 16,
    maxArgs: opts.maxArgs ?? 32,
    argChunks: opts.argChunks ?? 8,
  };
  if (o.strlen < 16 || o.strlen > 128) throw new RangeError('bpftrace strings must be 16..128 bytes here');
  if (!Number.isInteger(opts.selfPid) || opts.selfPid <= 0) throw new RangeError('selfPid must be a pid');
  const self = `pid != ${opts.selfPid}`;
  const skipped: string[] = [];
  const specs = selectSpecs(opts.eventTypes).filter((s) => {
    const ok = opts.available ? opts.available(s.sys) : true;
    if (!ok) skipped.push(s.evt);
    return ok;
  });
  const parts = [
    '// Generated by Bulwark (src/runtime/sources/bpftrace/program.ts). Do not edit.',
    'BEGIN { printf("R\\tready\\n"); }',
    // Per-CPU watermarks for merging the perf rings in time order (reorder.ts): profile probes fire
    // on every online CPU and print into that CPU's ring, behind everything it wrote before.
    `profile:hz:${WATERMARK_HZ} { printf("W\\t%llu\\t%d\\n", nsecs, cpu); }`,
    processProbes(self),
    execProbe(self, o),
    ...specs.map((s) => syscallProbes(s, self, o)),
    // Without this, bpftrace prints every map at exit.
    'END { clear(@e); clear(@cf); clear(@xat); clear(@xts); clear(@sts); }',
  ];
  return { text: `${parts.join('\n\n')}\n`, specs, skipped, strlen: o.strlen };
}

/** Watermarks per CPU per second: 50 keeps the added hold near 20 ms at 100 lines/s per CPU. */
export const WATERMARK_HZ = 50;

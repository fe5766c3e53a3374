// The process table: what Falco's thread table knows, kept from exec/fork/exit records and seeded
// from /proc. Events reference processes by pid; fields such as proc.pname or proc.aname[3] walk
// the parent chain here, so it must outlive the kernel's view by a little (exited processes stay
// for `graceMs`, because their children's and their own late events still name them).
import { existsSync } from 'node:fs';
import { CgroupIdIndex } from '../containers/cgroup-id.js';
import { HOST_CONTAINER, type ContainerInfo } from '../containers/metadata.js';
import type { ContainerResolver } from '../containers/resolver.js';
import type { ExecRecord, ExitRecord, ForkRecord } from '../sources/bpftrace/decode.js';
import { EXE } from './flags.js';
import { FdTable } from './fd-table.js';
import { basename, joinPath, normalize, resolveInRoot } from './paths.js';
import { listPids, nsInode, readProc, type ProcSnapshot } from './procfs.js';
import { readlinkSync, readFileSync } from 'node:fs';

const OVERLAYFS_SUPER_MAGIC = 0x794c7630;
const NO_LOGINUID = 4294967295;

export interface ProcInfo {
  pid: number;
  ppid: number;
  vpid: number;
  /** Falco proc.name: the task comm (15 bytes at most). */
  name: string;
  /** Falco proc.exe: argv[0]. */
  exe: string;
  /** Falco proc.exepath: the executable's full path, as the process's root sees it. */
  exepath: string;
  args: string[];
  cwd: string;
  uid: number;
  gid: number;
  loginuid: number;
  /** Encoded tty device (new_encode_dev), 0 without a controlling terminal. */
  tty: number;
  capEffective: number;
  capPermitted: number;
  mntns: number;
  container: ContainerInfo;
  /** Wall-clock ns of the last exec (or first sight). */
  startTs: number;
  exeIno: number;
  exeCtime: number;
  exeMtime: number;
  /** PPM_EXE_* flags of the last exec. */
  exeFlags: number;
  /** Last update, kernel monotonic ns: records from another CPU can arrive late. */
  ts: number;
  /** Exit time (wall ns), 0 while alive. */
  dead: number;
  fds: FdTable;
  /** Cached /proc/PID/root of a process in this mount namespace (undefined: not looked up yet). */
  root?: string | null;
  /** Cached event fields derived from this process and its ancestors, valid for `cacheGen`. */
  cache?: Record<string, unknown>;
  cacheGen?: number;
}

export interface ProcessTableOptions {
  procRoot?: string;
  resolver: ContainerResolver;
  /** Keep exited processes this long (ms). */
  graceMs?: number;
  maxProcesses?: number;
  /** kernel monotonic ns → wall-clock ns. */
  toWall?: (ts: number) => number;
}

/** new_encode_dev(MKDEV(major, minor)), as Falco's proc.tty. */
export function encodeTty(major: number, minor: number): number {
  return (minor & 0xff) | (major << 8) | ((minor & ~0xff) << 12);
}

export class ProcessTable {
  readonly procRoot: string;
  private readonly resolver: ContainerResolver;
  private readonly procs = new Map<number, ProcInfo>();
  private readonly dead: { pid: number; at: number }[] = [];
  private readonly graceMs: number;
  private readonly max: number;
  private readonly toWall: (ts: number) => number;
  private readonly cgroupIds = new CgroupIdIndex();
  private readonly byCgroupId = new Map<number, ContainerInfo>();
  /** A live pid per mount namespace, to resolve paths in that namespace's root. */
  private readonly nsPid = new Map<number, number>();
  private readonly upperDirs = new Map<number, string | null>();
  /** Pids /proc did not have, so events of vanished processes do not re-read it every time. */
  private readonly missing = new Map<number, number>();
  /** Bumped whenever a process's identity or the tree changes; invalidates cached fields. */
  generation = 0;
  procReads = 0;

  constructor(opts: ProcessTableOptions) {
    this.procRoot = opts.procRoot ?? '/proc';
    this.resolver = opts.resolver;
    this.graceMs = opts.graceMs ?? 10_000;
    this.max = opts.maxProcesses ?? 200_000;
    this.toWall = opts.toWall ?? ((ts) => ts);
  }

  get size(): number {
    return this.procs.size;
  }

  /** Read every process in /proc. */
  seed(): number {
    let n = 0;
    for (const pid of listPids(this.procRoot)) {
      if (this.procs.size >= this.max) break;
      if (this.fromProc(pid)) n++;
    }
    return n;
  }

  private fromSnapshot(s: ProcSnapshot): ProcInfo {
    const container =
      (s.cgroup !== null ? this.resolver.fromCgroupText(s.cgroup, s.mntns) : null) ?? HOST_CONTAINER;
    const exepath = s.exe ? s.exe.replace(/ \(deleted\)$/, '') : '';
    if (s.mntns) this.nsPid.set(s.mntns, s.pid);
    return {
      pid: s.pid,
      ppid: s.ppid,
      vpid: s.vpid,
      name: s.comm,
      exe: s.argv[0] ?? s.comm,
      exepath,
      args: s.argv.slice(1),
      cwd: s.cwd ?? '/',
      uid: s.uid,
      gid: s.gid,
      loginuid: s.loginuid,
      tty: s.ttyNr,
      capEffective: s.capEffective,
      capPermitted: s.capPermitted,
      mntns: s.mntns ?? 0,
      container,
      startTs: Date.now() * 1e6,
      exeIno: 0,
      exeCtime: 0,
      exeMtime: 0,
      exeFlags: 0,
      ts: 0,
      dead: 0,
      fds: new FdTable(this.procRoot, s.pid),
    };
  }

  private fromProc(pid: number): ProcInfo | null {
    const miss = this.missing.get(pid);
    if (miss !== undefined && Date.now() - miss < 2000) return null;
    this.procReads++;
    const s = readProc(this.procRoot, pid);
    if (!s) {
      if (this.missing.size > 10_000) this.missing.clear();
      this.missing.set(pid, Date.now());
      return null;
    }
    this.missing.delete(pid);
    const p = this.fromSnapshot(s);
    this.procs.set(pid, p);
    this.generation++;
    return p;
  }

  /** The process, loading it from /proc when the table has not seen it. */
  get(pid: number): ProcInfo | null {
    return this.procs.get(pid) ?? (pid > 0 ? this.fromProc(pid) : null);
  }

  /** The chain [self, parent, grandparent, …] (at most `max` long, stops at unknown or looping pids). */
  chain(pid: number, max = 32): ProcInfo[] {
    const out: ProcInfo[] = [];
    const seen = new Set<number>();
    let cur = this.get(pid);
    while (cur && out.length < max && !seen.has(cur.pid)) {
      out.push(cur);
      seen.add(cur.pid);
      if (cur.ppid <= 0 || cur.ppid === cur.pid) break;
      cur = this.procs.get(cur.ppid) ?? (this.procs.size < this.max ? this.fromProc(cur.ppid) : null);
    }
    return out;
  }

  private containerFor(rec: ExecRecord, parent: ProcInfo | null): ContainerInfo {
    const live = this.resolver.forPid(rec.pid, rec.mntns);
    if (live) {
      if (rec.cgroupId > 0) this.byCgroupId.set(rec.cgroupId, live);
      return live;
    }
    const known = this.byCgroupId.get(rec.cgroupId);
    if (known) return known;
    const path = this.cgroupIds.path(rec.cgroupId);
    if (path !== null) {
      const info = this.resolver.fromCgroupText(`0::${path}\n`, rec.mntns);
      this.byCgroupId.set(rec.cgroupId, info);
      return info;
    }
    return parent?.container ?? HOST_CONTAINER;
  }

  /** A pid whose /proc/PID/root is the root of mount namespace `mntns`, if one is alive. */
  private rootOf(mntns: number, pid: number): string | null {
    for (const cand of [pid, this.nsPid.get(mntns)]) {
      if (!cand) continue;
      if (nsInode(safeLink(`${this.procRoot}/${cand}/ns/mnt`)) === mntns) {
        this.nsPid.set(mntns, cand);
        return `${this.procRoot}/${cand}/root`;
      }
    }
    return null;
  }

  private upperDir(mntns: number, root: string | null): string | null {
    if (this.upperDirs.has(mntns)) return this.upperDirs.get(mntns)!;
    if (!root) return null;
    const mountinfo = safeRead(root.replace(/\/root$/, '/mountinfo'));
    let upper: string | null = null;
    for (const line of mountinfo?.split('\n') ?? []) {
      const f = line.split(' ');
      const sep = f.indexOf('-');
      if (f[4] !== '/' || sep < 0 || f[sep + 1] !== 'overlay') continue;
      const m = /(?:^|,)upperdir=([^,]+)/.exec(f[sep + 3] ?? '');
      upper = m ? m[1]!.replace(/\\040/g, ' ') : null;
    }
    this.upperDirs.set(mntns, upper);
    return upper;
  }

  exec(rec: ExecRecord): ProcInfo {
    const prev = this.procs.get(rec.pid) ?? this.procs.get(rec.oldTid);
    const parent = this.procs.get(rec.ppid) ?? null;
    const cwd = prev?.cwd ?? parent?.cwd ?? '/';
    const root = this.rootOf(rec.mntns, rec.pid);
    const exeLink = safeLink(`${this.procRoot}/${rec.pid}/exe`);
    let exepath: string;
    const linked = exeLink?.replace(/ \(deleted\)$/, '');
    // /proc/PID/exe is only this exec's if the process has not exec'd again since.
    if (linked && root && basename(linked) === rec.exeName) exepath = linked;
    else {
      const lexical = joinPath(cwd, rec.filename);
      exepath = (root && resolveInRoot(root, lexical)) || lexical;
    }
    let flags = 0;
    if (rec.exeName.startsWith('memfd:')) flags |= EXE.FROM_MEMFD;
    if (rec.exeFsMagic === OVERLAYFS_SUPER_MAGIC) {
      const upper = this.upperDir(rec.mntns, root);
      flags |= upper && existsSync(`${upper}${normalize(exepath)}`) ? EXE.UPPER_LAYER : EXE.LOWER_LAYER;
    }
    const DAC_OVERRIDE = 2;
    const writable =
      (rec.uid === 0 && Math.floor(rec.capEffective / DAC_OVERRIDE) % 2 === 1) ||
      (rec.exeUid === rec.uid && (rec.exeMode & 0o200) !== 0) ||
      (rec.exeMode & 0o002) !== 0;
    if (writable) flags |= EXE.WRITABLE;
    const p: ProcInfo = {
      pid: rec.pid,
      ppid: rec.ppid,
      vpid: rec.vpid,
      name: rec.comm || basename(rec.filename).slice(0, 15),
      exe: rec.argv[0] ?? rec.filename,
      exepath,
      args: rec.argv.slice(1),
      cwd,
      uid: rec.uid,
      gid: rec.gid,
      loginuid: rec.loginuid,
      tty: rec.ttyMajor || rec.ttyMinor ? encodeTty(rec.ttyMajor, rec.ttyMinor) : 0,
      capEffective: rec.capEffective,
      capPermitted: rec.capPermitted,
      mntns: rec.mntns,
      container: this.containerFor(rec, parent),
      startTs: this.toWall(rec.ts),
      exeIno: rec.exeIno,
      exeCtime: rec.exeCtime,
      exeMtime: rec.exeMtime,
      exeFlags: flags,
      ts: rec.ts,
      dead: 0,
      // exec keeps open fds (minus O_CLOEXEC ones, which the table cannot tell apart).
      fds: prev?.fds ?? new FdTable(this.procRoot, rec.pid),
    };
    if (rec.oldTid !== rec.pid) this.procs.delete(rec.oldTid);
    this.procs.set(rec.pid, p);
    this.missing.delete(rec.pid);
    this.nsPid.set(rec.mntns, rec.pid);
    this.generation++;
    return p;
  }

  fork(rec: ForkRecord): ProcInfo | null {
    const existing = this.procs.get(rec.child);
    // The child's exec may already be here (it ran on another CPU): keep the newer state.
    if (existing && existing.ts > rec.ts) return existing;
    const parent = this.procs.get(rec.pid) ?? this.get(rec.pid);
    if (!parent) return this.fromProc(rec.child);
    const p: ProcInfo = {
      ...parent,
      pid: rec.child,
      ppid: rec.ppid,
      vpid: parent.vpid === parent.pid ? rec.child : 0,
      ts: rec.ts,
      dead: 0,
      fds: parent.fds.fork(rec.child),
      cache: undefined,
      cacheGen: undefined,
      root: undefined,
    };
    if (this.procs.size < this.max) this.procs.set(rec.child, p);
    this.missing.delete(rec.child);
    return p;
  }

  exit(rec: ExitRecord): void {
    if (rec.groupDead) {
      const p = this.procs.get(rec.pid);
      if (p && !p.dead) {
        p.dead = this.toWall(rec.ts);
        this.dead.push({ pid: rec.pid, at: Date.now() });
      }
    } else if (rec.tid !== rec.pid) {
      // A thread the table took for a process (kernel-created workers skip clone()).
      const p = this.procs.get(rec.tid);
      if (p && p.pid === rec.tid && p.ts <= rec.ts) this.procs.delete(rec.tid);
    }
    this.purge();
  }

  /** Drop processes that exited more than graceMs ago. */
  purge(now = Date.now()): void {
    while (this.dead.length && now - this.dead[0]!.at > this.graceMs) {
      const { pid } = this.dead.shift()!;
      const p = this.procs.get(pid);
      if (p?.dead) {
        this.procs.delete(pid);
        this.generation++;
      }
    }
  }

  setCwd(pid: number, path: string): void {
    const p = this.get(pid);
    if (!p) return;
    p.cwd = joinPath(p.cwd, path);
    p.cache = undefined;
  }

  setIds(pid: number, uid?: number, gid?: number): void {
    const p = this.procs.get(pid);
    if (!p) return;
    if (uid !== undefined && uid >= 0 && uid < NO_LOGINUID) p.uid = uid;
    if (gid !== undefined && gid >= 0 && gid < NO_LOGINUID) p.gid = gid;
    p.cache = undefined;
  }

  /** Root directory of a process, for user-name lookups in its own /etc/passwd. */
  root(p: ProcInfo): string {
    if (p.root === undefined) p.root = this.rootOf(p.mntns, p.pid);
    return p.root ?? '';
  }
}

function safeLink(path: string): string | null {
  try {
    return readlinkSync(path);
  } catch {
    return null;
  }
}

function safeRead(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

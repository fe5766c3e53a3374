// Raw kernel records → Falco field maps (src/runtime/event.ts). Keeps the process and fd tables
// current as a side effect, in record order, so every event sees the state its syscall saw.
import type { FieldMap, RuntimeEvent } from '../event.js';
import type { RawRecord, SyscallRecord } from '../sources/bpftrace/decode.js';
import type { ArgSpec, Slot } from '../sources/bpftrace/specs.js';
import type { FdEntry } from './fd-table.js';
import { caps, containerFields, EVENT_PROTO, int32, renderArg } from './fields.js';
import { EXE, isOpenRead, isOpenWrite, O, renderExeFlags, renderOpenFlags, renderRes } from './flags.js';
import { basename, dirname, joinPath } from './paths.js';
import type { ProcessTable, ProcInfo } from './process-table.js';
import { fdFields, fdTypeFromMode, socketInfo, tupleName } from './sockets.js';
import { UserDb } from './users.js';

const AT_FDCWD = -100;
const NO_ID = 4294967295;
const FMODE_CREATED = 0x100000;
const S_IFMT = 0o170000;
const S_IFDIR = 0o040000;

export interface EnricherOptions {
  table: ProcessTable;
  users?: UserDb;
  /** kernel monotonic ns → wall-clock ns (BigInt for exactness). */
  toWallNs: (ts: number) => bigint;
  /** Emit events for these types only (the rules' needs); undefined emits all. */
  eventTypes?: ReadonlySet<string>;
}

export class Enricher {
  private readonly table: ProcessTable;
  private readonly users: UserDb;
  private readonly toWallNs: (ts: number) => bigint;
  private readonly types: ReadonlySet<string> | undefined;
  private num = 0;

  constructor(opts: EnricherOptions) {
    this.table = opts.table;
    this.users = opts.users ?? new UserDb();
    this.toWallNs = opts.toWallNs;
    this.types = opts.eventTypes;
  }

  private wants(type: string): boolean {
    return !this.types || this.types.has(type);
  }

  /** Apply a record to the tables and return the event the rules should see, if any. */
  process(rec: RawRecord): RuntimeEvent | null {
    switch (rec.kind) {
      case 'exec': {
        const p = this.table.exec(rec);
        const type = rec.execveat ? 'execveat' : 'execve';
        if (!this.wants(type)) return null;
        const f = this.base(type, rec.ts, rec.tid, p, 0);
        f['evt.arg.res'] = 0;
        f['evt.arg.exe'] = p.exe;
        f['evt.arg.args'] = p.args.join(' ');
        f['evt.arg.filename'] = rec.filename;
        f['evt.arg.cwd'] = p.cwd;
        f['evt.arg.tty'] = p.tty;
        f['evt.arg.pid'] = p.pid;
        f['evt.arg.ptid'] = p.ppid;
        f['evt.arg.loginuid'] = p.loginuid === NO_ID ? -1 : p.loginuid;
        f['evt.arg.flags'] = renderExeFlags(p.exeFlags);
        return { source: 'syscall', fields: f };
      }
      case 'fork': {
        this.table.fork(rec);
        return null;
      }
      case 'exit': {
        const p = rec.groupDead ? this.table.get(rec.pid) : null;
        this.table.exit(rec);
        if (!p || !this.wants('procexit')) return null;
        return { source: 'syscall', fields: this.base('procexit', rec.ts, rec.tid, p, 0) };
      }
      case 'syscall':
        return this.syscall(rec);
    }
  }

  private syscall(rec: SyscallRecord): RuntimeEvent | null {
    const p = this.table.get(rec.pid);
    const spec = rec.spec;
    // Keep the tables right even for events no rule asks for.
    const fdEntry = this.updateTables(rec, p);
    if (!p || !this.wants(spec.evt)) return null;
    const f = this.base(spec.evt, rec.ts, rec.tid, p, rec.ret, rec.uid, rec.gid);
    for (const a of spec.args) {
      const v = this.argValue(rec, a, p);
      if (v !== undefined) f[`evt.arg.${a.name}`] = v;
    }
    const fdNum = this.eventFd(rec);
    if (fdNum !== null) {
      f['fd.num'] = fdNum;
      const e = fdEntry ?? p.fds.get(fdNum);
      if (e) fdFields(f, e);
    }
    if (spec.evt === 'open' || spec.evt === 'openat' || spec.evt === 'openat2' || spec.evt === 'creat') {
      const flags = rec.n[0];
      f['evt.is_open_read'] = isOpenRead(flags);
      f['evt.is_open_write'] = isOpenWrite(flags) || spec.evt === 'creat';
      f['evt.is_open_exec'] = false;
      f['evt.arg.flags'] = renderOpenFlags(flags, rec.fd !== null && (rec.fd.fmode & FMODE_CREATED) !== 0);
      if (rec.ret < 0) {
        // Failed opens still name the file, as Falco's fd.name does for the attempted path.
        const name = this.path(rec, 's0', 'n2', p);
        f['fd.name'] = name;
        f['fd.directory'] = dirname(name);
        f['fd.filename'] = basename(name);
        f['fd.typechar'] = flags & O.DIRECTORY ? 'd' : 'f';
        f['fd.type'] = flags & O.DIRECTORY ? 'directory' : 'file';
      }
    }
    return { source: 'syscall', fields: f };
  }

  /** The fd an event is about: the returned fd for open/socket/accept, else the fd argument. */
  private eventFd(rec: SyscallRecord): number | null {
    const spec = rec.spec;
    if (spec.fd === 'ret') return int32(rec.ret);
    if (spec.fd === 'n0') return int32(rec.n[0]);
    return null;
  }

  private updateTables(rec: SyscallRecord, p: ProcInfo | null): FdEntry | null {
    if (!p) return null;
    const evt = rec.spec.evt;
    const ok = rec.ret >= 0;
    const info = rec.fd;
    switch (evt) {
      case 'open':
      case 'openat':
      case 'openat2':
      case 'creat': {
        if (!ok) return null;
        const name = this.path(rec, 's0', 'n2', p);
        const dir = (rec.n[0] & O.DIRECTORY) !== 0 || (info !== null && (info.imode & S_IFMT) === S_IFDIR);
        const e: FdEntry = { name, type: dir ? 'directory' : 'file', socket: null };
        p.fds.set(int32(rec.ret), e);
        return e;
      }
      case 'socket':
      case 'accept':
      case 'accept4':
      case 'connect':
      case 'sendto':
      case 'sendmsg': {
        const fd = this.eventFd(rec)!;
        if (!info || (!ok && evt !== 'connect')) return ok ? p.fds.get(fd) : null;
        const type = fdTypeFromMode(info.imode, info.family);
        let e: FdEntry;
        if (type === 'ipv4' || type === 'ipv6') {
          const s = socketInfo(info, rec.sockaddr, evt === 'accept' || evt === 'accept4');
          e = { name: tupleName(s), type, socket: s };
        } else if (type === 'unix') {
          e = { name: rec.strs[0] || p.fds.get(fd)?.name || '', type, socket: null };
        } else e = { name: '', type, socket: null };
        const prev = p.fds.get(fd);
        if (evt === 'sendto' || evt === 'sendmsg')
          (e as FdEntry & { changed?: boolean }).changed = prev?.name !== e.name;
        if (ok || evt === 'connect') p.fds.set(fd, e);
        return e;
      }
      case 'dup':
      case 'dup2':
      case 'dup3': {
        const known = p.fds.get(int32(rec.n[0]));
        // The kernel's view of a socket beats the table, which misses fds made by fcntl(F_DUPFD).
        const type = info ? fdTypeFromMode(info.imode, info.family) : 'unknown';
        let old = known;
        if (info && (type === 'ipv4' || type === 'ipv6')) {
          const s = socketInfo(info, null, known?.socket?.localIsServer ?? false);
          old = { name: tupleName(s), type, socket: s };
        } else if (info && type === 'unix' && known?.type !== 'unix')
          old = { name: known?.name ?? '', type, socket: null };
        if (ok && old) p.fds.set(int32(rec.ret), old);
        return old;
      }
      case 'memfd_create': {
        if (!ok) return null;
        const e: FdEntry = { name: `memfd:${rec.strs[0]}`, type: 'memfd', socket: null };
        p.fds.set(int32(rec.ret), e);
        return e;
      }
      case 'chdir':
        if (ok) this.table.setCwd(p.pid, this.path(rec, 's0', undefined, p));
        return null;
      case 'fchdir': {
        const e = p.fds.get(int32(rec.n[0]));
        if (ok && e?.name.startsWith('/')) p.cwd = e.name;
        return null;
      }
      case 'setuid':
      case 'setresuid':
        if (ok) this.table.setIds(p.pid, evt === 'setuid' ? rec.n[0] : rec.n[1]);
        return null;
      case 'setgid':
      case 'setresgid':
        if (ok) this.table.setIds(p.pid, undefined, evt === 'setgid' ? rec.n[0] : rec.n[1]);
        return null;
      default:
        return null;
    }
  }

  /** An absolute path for a path argument, resolved against its dirfd or the cwd. */
  private path(rec: SyscallRecord, from: Slot, dirfd: Slot | undefined, p: ProcInfo): string {
    // Memoised per record and slot: table updates, arguments and fd fields all ask for it.
    const memo = rec as SyscallRecord & { paths?: Record<string, string> };
    const hit = memo.paths?.[from];
    if (hit !== undefined) return hit;
    const out = this.resolvePath(rec, from, dirfd, p);
    (memo.paths ??= {})[from] = out;
    return out;
  }

  private resolvePath(rec: SyscallRecord, from: Slot, dirfd: Slot | undefined, p: ProcInfo): string {
    const raw = rec.strs[Number(from.slice(1))] ?? '';
    if (raw.startsWith('/')) return joinPath('/', raw);
    const dfd = dirfd ? int32(rec.n[Number(dirfd.slice(1))] ?? AT_FDCWD) : AT_FDCWD;
    if (dfd === AT_FDCWD) return joinPath(p.cwd, raw);
    const base = p.fds.get(dfd)?.name;
    return base?.startsWith('/') ? joinPath(base, raw) : raw;
  }

  private argValue(rec: SyscallRecord, a: ArgSpec, p: ProcInfo): string | number | undefined {
    if (a.format === 'path') return this.path(rec, a.from, a.dirfd, p);
    if (a.from.startsWith('s')) return rec.strs[Number(a.from.slice(1))];
    const v = a.from === 'ret' ? rec.ret : rec.n[Number(a.from.slice(1))];
    return v === undefined ? undefined : renderArg(a.format, v);
  }

  private base(
    type: string,
    ts: number,
    tid: number,
    p: ProcInfo,
    ret: number,
    uid?: number,
    gid?: number,
  ): FieldMap {
    const wall = this.toWallNs(ts);
    const root = this.table.root(p);
    const u = uid ?? p.uid;
    const g = gid ?? p.gid;
    // The event inherits its process's cached fields (and EVENT_PROTO's derived ones): copying ~50
    // fields into every event made allocation and GC the bottleneck at 20,000 events/s.
    const block = this.processFields(p, root);
    const f = Object.create(block) as FieldMap;
    f['evt.num'] = ++this.num;
    f['evt.type'] = type;
    f['evt.rawtime'] = wall.toString();
    f['evt.res'] = renderRes(ret);
    f['evt.rawres'] = ret;
    f['evt.failed'] = ret < 0;
    f['thread.tid'] = tid;
    f['user.uid'] = u;
    f['user.name'] = (root && this.users.user(root, u)) || undefined;
    f['group.gid'] = g;
    f['group.name'] = (root && this.users.group(root, g)) || undefined;
    const wallNs = Number(wall);
    f['proc.duration'] = Math.max(0, wallNs - p.startTs);
    const pstart = block['proc.ppid.duration'];
    if (typeof pstart === 'number') f['proc.ppid.duration'] = Math.max(0, wallNs - pstart);
    return f;
  }

  /** Fields that depend only on the process and its ancestors, cached until the tree changes. */
  private processFields(p: ProcInfo, root: string): FieldMap {
    if (p.cache && p.cacheGen === this.table.generation) return p.cache as FieldMap;
    const chain = this.table.chain(p.pid, 16);
    const parent = chain[1];
    const cmdline = (q: ProcInfo) => (q.args.length ? `${q.name} ${q.args.join(' ')}` : q.name);
    const f = Object.create(EVENT_PROTO) as FieldMap;
    Object.assign(f, {
      'evt.dir': '<',
      'proc.pid': p.pid,
      'proc.ppid': p.ppid,
      'proc.vpid': p.vpid,
      'proc.name': p.name,
      'proc.exe': p.exe,
      'proc.exepath': p.exepath,
      'proc.args': p.args.join(' '),
      'proc.cmdline': cmdline(p),
      'proc.cwd': p.cwd.endsWith('/') ? p.cwd : `${p.cwd}/`,
      'proc.tty': p.tty,
      'proc.aname': chain.map((q) => q.name),
      'proc.apid': chain.map((q) => q.pid),
      'proc.aexe': chain.map((q) => q.exe),
      'proc.aexepath': chain.map((q) => q.exepath),
      'proc.acmdline': chain.map(cmdline),
      'proc.is_exe_upper_layer': (p.exeFlags & EXE.UPPER_LAYER) !== 0,
      'proc.is_exe_lower_layer': (p.exeFlags & EXE.LOWER_LAYER) !== 0,
      'proc.is_exe_from_memfd': (p.exeFlags & EXE.FROM_MEMFD) !== 0,
      'proc.is_exe_writable': (p.exeFlags & EXE.WRITABLE) !== 0,
      'proc.exe_ino': p.exeIno || undefined,
      'proc.exe_ino.ctime': p.exeCtime ? p.exeCtime * 1e9 : undefined,
      'proc.exe_ino.mtime': p.exeMtime ? p.exeMtime * 1e9 : undefined,
      'proc.exe_ino.ctime_duration_proc_start': p.exeCtime
        ? Math.max(0, p.startTs - p.exeCtime * 1e9)
        : undefined,
      'thread.cap_effective': caps(p.capEffective),
      'thread.cap_permitted': caps(p.capPermitted),
      'user.loginuid': p.loginuid === NO_ID ? -1 : p.loginuid,
      'user.loginname':
        p.loginuid !== NO_ID && root ? (this.users.user(root, p.loginuid) ?? undefined) : undefined,
    });
    if (parent) {
      f['proc.pname'] = parent.name;
      f['proc.pexe'] = parent.exe;
      f['proc.pexepath'] = parent.exepath;
      f['proc.pcmdline'] = cmdline(parent);
      // Holds the parent's start time; base() turns it into a duration per event.
      f['proc.ppid.duration'] = parent.startTs;
    }
    containerFields(f, p.container);
    p.cache = f;
    p.cacheGen = this.table.generation;
    return f;
  }
}

export { containerFields, flattenFields, isoNs, renderArg } from './fields.js';

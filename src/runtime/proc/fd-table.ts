// Per-process fd table: what fd.name, fd.type and the socket tuple fields need when an event
// names an fd (a dirfd, a dup'd socket). Filled from open/socket/connect/accept/dup records and,
// for fds opened before the sensor started, from /proc/PID/fd.
import { readFdLink } from './procfs.js';

export type FdType =
  | 'file'
  | 'directory'
  | 'ipv4'
  | 'ipv6'
  | 'unix'
  | 'pipe'
  | 'event'
  | 'signalfd'
  | 'eventpoll'
  | 'inotify'
  | 'timerfd'
  | 'netlink'
  | 'bpf'
  | 'io_uring'
  | 'memfd'
  | 'unknown';

export const TYPECHAR: Record<FdType, string> = {
  file: 'f',
  directory: 'd',
  ipv4: '4',
  ipv6: '6',
  unix: 'u',
  pipe: 'p',
  event: 'e',
  signalfd: 's',
  eventpoll: 'l',
  inotify: 'i',
  timerfd: 't',
  netlink: 'n',
  bpf: 'b',
  io_uring: 'r',
  memfd: 'm',
  unknown: 'o',
};

export interface SocketInfo {
  l4proto: 'tcp' | 'udp' | 'icmp' | 'raw' | null;
  lip: string;
  lport: number;
  rip: string;
  rport: number;
  /** Which side is the server (the listener / the connect target). */
  localIsServer: boolean;
  connected: boolean;
}

export interface FdEntry {
  name: string;
  type: FdType;
  socket: SocketInfo | null;
}

const MAX_FDS = 4096;
const MAX_INHERITED = 512;

/** Classify a /proc/PID/fd/N link target. */
export function fromLink(link: string): FdEntry {
  if (link.startsWith('/')) {
    const memfd = /^\/memfd:(.*?)(?: \(deleted\))?$/.exec(link);
    if (memfd) return { name: link, type: 'memfd', socket: null };
    return { name: link.replace(/ \(deleted\)$/, ''), type: 'file', socket: null };
  }
  const kinds: [RegExp, FdType][] = [
    [/^pipe:/, 'pipe'],
    [/^socket:/, 'unknown'],
    [/^anon_inode:\[?eventfd/, 'event'],
    [/^anon_inode:\[?eventpoll/, 'eventpoll'],
    [/^anon_inode:\[?signalfd/, 'signalfd'],
    [/^anon_inode:\[?timerfd/, 'timerfd'],
    [/^anon_inode:\[?inotify|^anon_inode:inotify/, 'inotify'],
    [/^anon_inode:\[?io_uring/, 'io_uring'],
    [/^anon_inode:bpf/, 'bpf'],
  ];
  for (const [re, type] of kinds) if (re.test(link)) return { name: link, type, socket: null };
  return { name: link, type: 'unknown', socket: null };
}

export class FdTable {
  private readonly fds = new Map<number, FdEntry>();

  constructor(
    private readonly procRoot: string,
    private readonly pid: number,
  ) {}

  get(fd: number): FdEntry | null {
    if (!Number.isInteger(fd) || fd < 0) return null;
    const hit = this.fds.get(fd);
    if (hit) return hit;
    const link = readFdLink(this.procRoot, this.pid, fd);
    if (!link) return null;
    const e = fromLink(link);
    this.set(fd, e);
    return e;
  }

  set(fd: number, entry: FdEntry): void {
    if (!Number.isInteger(fd) || fd < 0) return;
    if (!this.fds.has(fd) && this.fds.size >= MAX_FDS)
      this.fds.delete(this.fds.keys().next().value as number);
    this.fds.set(fd, entry);
  }

  delete(fd: number): void {
    this.fds.delete(fd);
  }

  /** The child's table after fork(): a copy of (at most MAX_INHERITED of) ours. */
  fork(childPid: number): FdTable {
    const t = new FdTable(this.procRoot, childPid);
    let n = 0;
    for (const [fd, e] of this.fds) {
      if (n++ >= MAX_INHERITED) break;
      t.fds.set(fd, e);
    }
    return t;
  }
}

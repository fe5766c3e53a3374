// Sockets as events describe them: the fd type from the inode mode, the tuple from the kernel's
// view of the socket (completed by a sockaddr argument), and Falco's fd.* fields for an fd.
import type { FieldMap } from '../event.js';
import { formatIp, type FdInfo, type SockAddr } from '../sources/bpftrace/decode.js';
import { TYPECHAR, type FdEntry, type FdType, type SocketInfo } from './fd-table.js';
import { basename, dirname } from './paths.js';

const S_IFMT = 0o170000;
const S_IFDIR = 0o040000;
const S_IFSOCK = 0o140000;
const S_IFIFO = 0o010000;

export function fdTypeFromMode(imode: number, family: number): FdType {
  switch (imode & S_IFMT) {
    case S_IFDIR:
      return 'directory';
    case S_IFIFO:
      return 'pipe';
    case S_IFSOCK:
      return family === 2
        ? 'ipv4'
        : family === 10
          ? 'ipv6'
          : family === 1
            ? 'unix'
            : family === 16
              ? 'netlink'
              : 'unknown';
    case 0:
      return 'unknown';
    default:
      return 'file';
  }
}

export function l4proto(info: FdInfo): SocketInfo['l4proto'] {
  if (info.sockType === 3) return 'raw';
  if (info.proto === 6) return 'tcp';
  if (info.proto === 17) return 'udp';
  if (info.proto === 1 || info.proto === 58) return 'icmp';
  return info.sockType === 1 ? 'tcp' : info.sockType === 2 ? 'udp' : null;
}

const ZERO_IP = new Set(['0.0.0.0', '::']);

/** Socket identity from the kernel's view of the fd, completed by a sockaddr argument. */
export function socketInfo(info: FdInfo, sa: SockAddr | null, localIsServer: boolean): SocketInfo {
  let rip = formatIp(info.family, info.raddr);
  let rport = info.rport;
  if (sa && (sa.family === 2 || sa.family === 10) && (ZERO_IP.has(rip) || rport === 0)) {
    rip = formatIp(sa.family, sa.addr);
    rport = sa.port;
  }
  return {
    l4proto: l4proto(info),
    lip: formatIp(info.family, info.laddr),
    lport: info.lport,
    rip,
    rport,
    localIsServer,
    connected: !ZERO_IP.has(formatIp(info.family, info.raddr)) && info.rport !== 0,
  };
}

export function tupleName(s: SocketInfo): string {
  const [c, cp, sv, sp] = s.localIsServer
    ? [s.rip, s.rport, s.lip, s.lport]
    : [s.lip, s.lport, s.rip, s.rport];
  return `${c}:${cp}->${sv}:${sp}`;
}

/** Falco's fd.* fields for an fd table entry. */
export function fdFields(f: FieldMap, e: FdEntry): void {
  f['fd.name'] = e.name;
  f['fd.type'] = e.type;
  f['fd.typechar'] = TYPECHAR[e.type];
  if (e.type === 'file' || e.type === 'directory' || e.type === 'memfd') {
    f['fd.directory'] = e.type === 'directory' ? e.name : dirname(e.name);
    f['fd.filename'] = basename(e.name);
  }
  if (e.type === 'unix') f['fd.sockfamily'] = 'unix';
  const s = e.socket;
  if (!s) return;
  const [cip, cport, sip, sport] = s.localIsServer
    ? [s.rip, s.rport, s.lip, s.lport]
    : [s.lip, s.lport, s.rip, s.rport];
  Object.assign(f, {
    'fd.sockfamily': 'ip',
    'fd.l4proto': s.l4proto ?? undefined,
    'fd.cip': cip,
    'fd.cport': cport,
    'fd.sip': sip,
    'fd.sport': sport,
    'fd.lip': s.lip,
    'fd.lport': s.lport,
    'fd.rip': s.rip,
    'fd.rport': s.rport,
    'fd.cnet': cip,
    'fd.snet': sip,
    'fd.lnet': s.lip,
    'fd.rnet': s.rip,
    'fd.connected': s.connected,
    'fd.is_server': s.localIsServer,
    'fd.cproto': s.l4proto ?? undefined,
    'fd.sproto': s.l4proto ?? undefined,
  });
  const changed = (e as FdEntry & { changed?: boolean }).changed;
  if (changed !== undefined) f['fd.name_changed'] = changed;
}

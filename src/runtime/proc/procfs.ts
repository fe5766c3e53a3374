// Readers for /proc/PID: seed the process table at start and fill gaps (processes that predate
// the sensor, fds opened before it). Every reader returns null when the process is gone.
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';

export interface ProcSnapshot {
  pid: number;
  ppid: number;
  comm: string;
  ttyNr: number;
  /** Start time in clock ticks since boot (field 22 of stat). */
  startTicks: number;
  uid: number;
  gid: number;
  vpid: number;
  capEffective: number;
  capPermitted: number;
  loginuid: number;
  argv: string[];
  exe: string | null;
  cwd: string | null;
  mntns: number | null;
  cgroup: string | null;
}

function read(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

function link(path: string): string | null {
  try {
    return readlinkSync(path);
  } catch {
    return null;
  }
}

/** Parse /proc/PID/stat; comm may contain spaces and parentheses, so split at the last `)`. */
export function parseStat(
  text: string,
): { comm: string; ppid: number; ttyNr: number; startTicks: number } | null {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) return null;
  const rest = text.slice(close + 2).split(' ');
  // rest[0] is field 3 (state); ppid is field 4, tty_nr field 7, starttime field 22.
  const ppid = Number(rest[1]);
  const ttyNr = Number(rest[4]);
  const startTicks = Number(rest[19]);
  if (!Number.isFinite(ppid)) return null;
  return { comm: text.slice(open + 1, close), ppid, ttyNr, startTicks };
}

function statusField(status: string, name: string): string | null {
  const m = new RegExp(`^${name}:\\s*(.*)$`, 'm').exec(status);
  return m ? m[1]!.trim() : null;
}

export function nsInode(link: string | null): number | null {
  const m = link ? /\[(\d+)\]/.exec(link) : null;
  return m ? Number(m[1]) : null;
}

export function readProc(procRoot: string, pid: number): ProcSnapshot | null {
  const base = `${procRoot}/${pid}`;
  const statText = read(`${base}/stat`);
  const status = read(`${base}/status`);
  if (!statText || !status) return null;
  const stat = parseStat(statText);
  if (!stat) return null;
  const uid = Number(statusField(status, 'Uid')?.split(/\s+/)[1] ?? NaN); // effective
  const gid = Number(statusField(status, 'Gid')?.split(/\s+/)[1] ?? NaN);
  const nspid = statusField(status, 'NSpid')?.split(/\s+/) ?? [];
  const cmdline = read(`${base}/cmdline`) ?? '';
  const argv = cmdline.split('\0');
  if (argv.length && argv[argv.length - 1] === '') argv.pop();
  return {
    pid,
    ppid: stat.ppid,
    comm: stat.comm,
    ttyNr: stat.ttyNr,
    startTicks: stat.startTicks,
    uid: Number.isFinite(uid) ? uid : 0,
    gid: Number.isFinite(gid) ? gid : 0,
    vpid: Number(nspid[nspid.length - 1] ?? pid),
    capEffective: parseInt(statusField(status, 'CapEff') ?? '0', 16),
    capPermitted: parseInt(statusField(status, 'CapPrm') ?? '0', 16),
    loginuid: Number(read(`${base}/loginuid`) ?? 4294967295),
    argv,
    exe: link(`${base}/exe`),
    cwd: link(`${base}/cwd`),
    mntns: nsInode(link(`${base}/ns/mnt`)),
    cgroup: read(`${base}/cgroup`),
  };
}

export function listPids(procRoot: string): number[] {
  try {
    return readdirSync(procRoot)
      .filter((n) => /^\d+$/.test(n))
      .map(Number);
  } catch {
    return [];
  }
}

export function readFdLink(procRoot: string, pid: number, fd: number): string | null {
  return link(`${procRoot}/${pid}/fd/${fd}`);
}

// Decode the bpftrace sensor's output (`bpftrace -f json`, see program.ts for the line protocol)
// into raw kernel records. Pure and total: malformed input is counted, never thrown.
import { Lru } from '../../containers/lru.js';
import { specById, type SyscallSpec } from './specs.js';

export interface FdInfo {
  /** inode mode (S_IFMT bits give the file type); 0 when the fd was not open. */
  imode: number;
  /** struct file f_mode (FMODE_CREATED = 0x100000). */
  fmode: number;
  family: number;
  sockType: number;
  proto: number;
  /** Local port, host order. */
  lport: number;
  /** Remote port, host order. */
  rport: number;
  /** Address words as the kernel stores them (network byte order read little-endian). */
  laddr: [number, number, number, number];
  raddr: [number, number, number, number];
}

export interface SockAddr {
  family: number;
  port: number;
  addr: [number, number, number, number];
}

export interface ExecRecord {
  kind: 'exec';
  ts: number;
  pid: number;
  tid: number;
  oldTid: number;
  ppid: number;
  uid: number;
  gid: number;
  loginuid: number;
  capEffective: number;
  capPermitted: number;
  ttyMajor: number;
  ttyMinor: number;
  exeIno: number;
  exeCtime: number;
  exeMtime: number;
  exeMode: number;
  exeUid: number;
  exeFsMagic: number;
  mntns: number;
  cgroupId: number;
  argc: number;
  execveat: boolean;
  vpid: number;
  filename: string;
  /** Dentry name of the executable (memfd:… for a memfd). */
  exeName: string;
  comm: string;
  argv: string[];
}

export interface ForkRecord {
  kind: 'fork';
  ts: number;
  pid: number;
  tid: number;
  child: number;
  ppid: number;
  flags: number;
}

export interface ExitRecord {
  kind: 'exit';
  ts: number;
  pid: number;
  tid: number;
  groupDead: boolean;
}

export interface SyscallRecord {
  kind: 'syscall';
  ts: number;
  pid: number;
  tid: number;
  uid: number;
  gid: number;
  spec: SyscallSpec;
  ret: number;
  n: [number, number, number, number];
  /** String slots 0..2 ('' when absent); slot 0 of connect/sendto is an AF_UNIX peer path. */
  strs: [string, string, string];
  fd: FdInfo | null;
  sockaddr: SockAddr | null;
}

export type RawRecord = ExecRecord | ForkRecord | ExitRecord | SyscallRecord;

export type Control =
  | { kind: 'ready' }
  /** CPU `cpu` has written every record before kernel time `ts` (see reorder.ts). */
  | { kind: 'watermark'; cpu: number; ts: number }
  | { kind: 'attached'; probes: number }
  | { kind: 'lost'; count: number }
  | { kind: 'message'; text: string };

const PRINTF_PREFIX = '{"type": "printf", "data": "';
const PRINTF_SUFFIX = '"}';

/**
 * Undo bpftrace 0.17's JSON string escaping. It escapes `"` `\` \n \t \r and other control bytes
 * as \u00XX, but prints bytes ≥ 0x80 as a sign-extended `\uffffffXX` (not valid JSON), so
 * JSON.parse cannot be used. Returns the text decoded as UTF-8 (invalid sequences become U+FFFD).
 */
export function unescapeBpftrace(s: string): string {
  if (!s.includes('\\')) return s;
  let out = '';
  let high = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const e = s[++i];
    switch (e) {
      case 'n':
        out += '\n';
        break;
      case 't':
        out += '\t';
        break;
      case 'r':
        out += '\r';
        break;
      case 'b':
        out += '\b';
        break;
      case 'f':
        out += '\f';
        break;
      case 'u': {
        if (s.startsWith('ffffff', i + 1) && /^[0-9a-fA-F]{2}$/.test(s.slice(i + 7, i + 9))) {
          out += String.fromCharCode(parseInt(s.slice(i + 7, i + 9), 16));
          high = true;
          i += 8;
        } else {
          const hex = s.slice(i + 1, i + 5);
          if (/^[0-9a-fA-F]{4}$/.test(hex)) {
            out += String.fromCharCode(parseInt(hex, 16));
            i += 4;
          } else out += '\\u';
        }
        break;
      }
      case undefined:
        out += '\\';
        break;
      default:
        out += e; // \" \\ \/
    }
  }
  return high ? Buffer.from(out, 'latin1').toString('utf8') : out;
}

interface Pending {
  ts: number;
  slots: Map<number, string[]>;
}

const MAX_SLOTS = 2 + 256;
const MAX_CHUNKS = 64;

function num(s: string | undefined): number {
  const n = Number(s);
  return Number.isFinite(n) ? n : NaN;
}

// Kernel address words are u32 in network byte order, printed as little-endian integers.
function ipv4(word: number): string {
  return `${word & 0xff}.${(word >>> 8) & 0xff}.${(word >>> 16) & 0xff}.${(word >>> 24) & 0xff}`;
}

export function formatIp(family: number, words: readonly number[]): string {
  if (family === 2) return ipv4(words[0] ?? 0);
  const bytes: number[] = [];
  for (const w of words) bytes.push(w & 0xff, (w >>> 8) & 0xff, (w >>> 16) & 0xff, (w >>> 24) & 0xff);
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i]! << 8) | bytes[i + 1]!).toString(16));
  // RFC 5952: compress the longest run of zero groups.
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8;) {
    if (groups[i] !== '0') {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === '0') j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  if (best < 0) return groups.join(':');
  return `${groups.slice(0, best).join(':')}::${groups.slice(best + bestLen).join(':')}`;
}

/** Network-order u16 printed as a little-endian number → host-order port. */
export const ntohs = (v: number): number => ((v & 0xff) << 8) | ((v >>> 8) & 0xff);

export class LineDecoder {
  malformed = 0;
  orphanStrings = 0;
  private readonly pending = new Lru<number, Pending>(8192);

  /** Decode one output line; null for `s` lines (buffered) and malformed input. */
  push(line: string): RawRecord | Control | null {
    if (!line) return null;
    if (line.startsWith(PRINTF_PREFIX) && line.endsWith(PRINTF_SUFFIX)) {
      let data = line.slice(PRINTF_PREFIX.length, -PRINTF_SUFFIX.length);
      if (data.endsWith('\\n')) data = data.slice(0, -2);
      return this.data(data);
    }
    return this.other(line);
  }

  private other(line: string): Control | null {
    let msg: { type?: unknown; data?: unknown };
    try {
      msg = JSON.parse(line) as typeof msg;
    } catch {
      // bpftrace prints some diagnostics as plain text even in JSON mode.
      return { kind: 'message', text: line };
    }
    const data = msg.data as Record<string, unknown> | undefined;
    if (msg.type === 'attached_probes') return { kind: 'attached', probes: Number(data?.probes ?? 0) };
    if (msg.type === 'lost_events') return { kind: 'lost', count: Number(data?.events ?? 0) };
    return { kind: 'message', text: typeof msg.data === 'string' ? msg.data : line };
  }

  // In the escaped data a field separator is the two characters `\t`; numeric fields contain no
  // backslash, so splitting on them is exact, and the text of an `s` line is everything after the
  // fifth separator (its own tabs are escaped the same way, which is why text comes last).
  private data(data: string): RawRecord | Control | null {
    const code = data[0];
    if (code === 's') return this.string(data);
    if (code === 'R') return { kind: 'ready' };
    const f = data.split('\\t');
    if (code === 'W') {
      // W ts cpu
      const ts = num(f[1]);
      const cpu = num(f[2]);
      if (f.length !== 3 || !Number.isFinite(ts) || !Number.isInteger(cpu) || cpu < 0) {
        this.malformed++;
        return null;
      }
      return { kind: 'watermark', cpu, ts };
    }
    switch (code) {
      case 'E':
        return this.exec(f);
      case 'F':
        return this.fork(f);
      case 'P':
        return this.exit(f);
      case 'G':
      case 'H':
      case 'I':
        return this.syscall(f, code);
      default:
        this.malformed++;
        return null;
    }
  }

  private string(data: string): null {
    // s ts tid slot chunk <text>
    const parts: string[] = [];
    let p = 0;
    for (let k = 0; k < 5; k++) {
      const q = data.indexOf('\\t', p);
      if (q < 0) {
        this.malformed++;
        return null;
      }
      parts.push(data.slice(p, q));
      p = q + 2;
    }
    const text = unescapeBpftrace(data.slice(p));
    const ts = num(parts[1]);
    const tid = num(parts[2]);
    const slot = num(parts[3]);
    const chunk = num(parts[4]);
    if (!(slot >= 0 && slot < MAX_SLOTS && chunk >= 0 && chunk < MAX_CHUNKS) || Number.isNaN(ts + tid)) {
      this.malformed++;
      return null;
    }
    let pend = this.pending.get(tid);
    if (!pend || pend.ts !== ts) {
      if (pend) this.orphanStrings++;
      pend = { ts, slots: new Map() };
      this.pending.set(tid, pend);
    }
    let arr = pend.slots.get(slot);
    if (!arr) pend.slots.set(slot, (arr = []));
    arr[chunk] = text;
    return null;
  }

  /** The strings buffered for (tid, ts), as slot → text; consumed. */
  private take(tid: number, ts: number): Map<number, string> {
    const out = new Map<number, string>();
    const pend = this.pending.get(tid);
    if (!pend) return out;
    this.pending.delete(tid);
    if (pend.ts !== ts) {
      this.orphanStrings++;
      return out;
    }
    for (const [slot, chunks] of pend.slots) {
      // A chunk is only emitted after a full one, so the first hole ends the string.
      let text = '';
      for (let i = 0; i < chunks.length && chunks[i] !== undefined; i++) text += chunks[i];
      out.set(slot, text);
    }
    return out;
  }

  private exec(f: string[]): ExecRecord | null {
    if (f.length < 24) return this.bad();
    const v = f.map(num);
    const [ts, pid, tid] = [v[1]!, v[2]!, v[3]!];
    const strs = this.take(tid, ts);
    const argc = v[21]!;
    const argv: string[] = [];
    for (let i = 0; i < argc && strs.has(i + 3); i++) argv.push(strs.get(i + 3)!);
    return {
      kind: 'exec',
      ts,
      pid,
      tid,
      oldTid: v[4]!,
      ppid: v[5]!,
      uid: v[6]!,
      gid: v[7]!,
      loginuid: v[8]!,
      capEffective: v[9]!,
      capPermitted: v[10]!,
      ttyMajor: v[11]!,
      ttyMinor: v[12]!,
      exeIno: v[13]!,
      exeCtime: v[14]!,
      exeMtime: v[15]!,
      exeMode: v[16]!,
      exeUid: v[17]!,
      exeFsMagic: v[18]!,
      mntns: v[19]!,
      cgroupId: v[20]!,
      argc,
      execveat: v[22] === 1,
      vpid: v[23]!,
      filename: strs.get(0) ?? '',
      exeName: strs.get(1) ?? '',
      comm: strs.get(2) ?? '',
      argv,
    };
  }

  private fork(f: string[]): ForkRecord | null {
    if (f.length < 7) return this.bad();
    const v = f.map(num);
    return { kind: 'fork', ts: v[1]!, pid: v[2]!, tid: v[3]!, child: v[4]!, ppid: v[5]!, flags: v[6]! };
  }

  private exit(f: string[]): ExitRecord | null {
    if (f.length < 5) return this.bad();
    const v = f.map(num);
    return { kind: 'exit', ts: v[1]!, pid: v[2]!, tid: v[3]!, groupDead: v[4] === 1 };
  }

  private syscall(f: string[], code: 'G' | 'H' | 'I'): SyscallRecord | null {
    if (f.length < (code === 'H' ? 33 : code === 'I' ? 14 : 12)) return this.bad();
    const v = f.map(num);
    const spec = specById(v[6]!);
    if (!spec) return this.bad();
    const [ts, tid] = [v[1]!, v[3]!];
    const strs =
      spec.strs.length || spec.sockaddr || spec.msghdr ? this.take(tid, ts) : new Map<number, string>();
    const rec: SyscallRecord = {
      kind: 'syscall',
      ts,
      pid: v[2]!,
      tid,
      uid: v[4]!,
      gid: v[5]!,
      spec,
      ret: v[7]!,
      n: [v[8]!, v[9]!, v[10]!, v[11]!],
      strs: [strs.get(0) ?? '', strs.get(1) ?? '', strs.get(2) ?? ''],
      fd: null,
      sockaddr: null,
    };
    if (code === 'I') {
      rec.fd = {
        imode: v[12]!,
        fmode: v[13]!,
        family: 0,
        sockType: 0,
        proto: 0,
        lport: 0,
        rport: 0,
        laddr: [0, 0, 0, 0],
        raddr: [0, 0, 0, 0],
      };
    } else if (code === 'H') {
      rec.fd = {
        imode: v[12]!,
        fmode: v[13]!,
        family: v[14]!,
        sockType: v[15]!,
        proto: v[16]!,
        lport: v[17]!,
        rport: ntohs(v[18]!),
        laddr: [v[19]!, v[20]!, v[21]!, v[22]!],
        raddr: [v[23]!, v[24]!, v[25]!, v[26]!],
      };
      if (v[27]) {
        rec.sockaddr = { family: v[27]!, port: ntohs(v[28]!), addr: [v[29]!, v[30]!, v[31]!, v[32]!] };
      }
    }
    if (Object.values(rec.n).some(Number.isNaN) || Number.isNaN(ts + tid + rec.pid + rec.ret))
      return this.bad();
    return rec;
  }

  private bad(): null {
    this.malformed++;
    return null;
  }
}

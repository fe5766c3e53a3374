// Merge bpftrace's per-CPU perf rings back into kernel-time order.
//
// Why: bpftrace drains one CPU's ring after another, so the exec of `runc` on CPU 0 can reach us
// after the exec of its child `sh` on CPU 1; the process table would then give `sh` the parent's
// old name, and rules on the parent (Falco's container_entrypoint) miss. Falco's libscap avoids this
// by always taking the oldest head among all rings. We cannot see the rings, so each CPU tells us
// how far it has got: the program prints a watermark `W ts cpu` from a profile probe that fires on
// every CPU. A ring is read in order, so once CPU c's watermark t has arrived, every record that
// CPU wrote before t has arrived too, and records up to the lowest watermark of all CPUs are safe
// to release. Until every CPU has reported, or when one stops reporting (a CPU taken offline), a
// time window bounds the wait instead, as before.
import type { RawRecord } from './decode.js';

export interface ReorderOptions {
  /** Online CPUs, i.e. how many watermark streams to wait for. */
  cpus: number;
  /** Without a watermark from every CPU, hold records this long (kernel time). */
  windowMs?: number;
  /** Never hold a record longer than this, whatever the watermarks say. */
  maxHoldMs?: number;
  /**
   * Release only records this much older than the lowest watermark. A record's time is taken when
   * its probe starts and its line printed microseconds later, possibly by a second program on the
   * same tracepoint; a profile tick can land in between and print a watermark past a record not
   * yet written. Default 2 ms, far beyond that gap.
   */
  slackMs?: number;
}

export class Reorderer {
  private held: RawRecord[] = [];
  private sorted = true;
  private readonly marks = new Map<number, number>();
  private readonly cpus: number;
  private windowNs: number;
  private readonly maxHoldNs: number;
  private readonly slackNs: number;

  constructor(opts: ReorderOptions) {
    this.cpus = Math.max(1, Math.floor(opts.cpus));
    this.windowNs = (opts.windowMs ?? 50) * 1e6;
    this.maxHoldNs = (opts.maxHoldMs ?? 1000) * 1e6;
    this.slackNs = (opts.slackMs ?? 2) * 1e6;
  }

  setWindow(ms: number): void {
    this.windowNs = ms * 1e6;
  }

  get size(): number {
    return this.held.length;
  }

  add(records: readonly RawRecord[]): void {
    if (!records.length) return;
    const last = this.held.at(-1);
    if (last && records[0]!.ts < last.ts) this.sorted = false;
    for (let i = 1; i < records.length && this.sorted; i++)
      if (records[i]!.ts < records[i - 1]!.ts) this.sorted = false;
    for (const r of records) this.held.push(r);
  }

  /** CPU `cpu` has written everything before kernel time `ts`. */
  mark(cpu: number, ts: number): void {
    if (!Number.isInteger(cpu) || cpu < 0 || !Number.isFinite(ts)) return;
    const prev = this.marks.get(cpu);
    if (prev === undefined || ts > prev) this.marks.set(cpu, ts);
  }

  /** Records with a timestamp at or below this are complete (kernel ns); `nowNs` is the kernel's now. */
  cutoff(nowNs: number): number {
    const bound = nowNs - this.maxHoldNs;
    if (this.marks.size < this.cpus) return Math.max(bound, nowNs - this.windowNs);
    let low = Infinity;
    for (const t of this.marks.values()) if (t < low) low = t;
    return Math.max(bound, low - this.slackNs);
  }

  private sort(): void {
    if (this.sorted) return;
    this.held.sort((a, b) => a.ts - b.ts);
    this.sorted = true;
  }

  /** Up to `max` records, oldest first, that are safe to hand on; all of them when `closed`. */
  take(nowNs: number, max: number, closed: boolean): RawRecord[] {
    if (!this.held.length) return [];
    this.sort();
    const cut = closed ? Infinity : this.cutoff(nowNs);
    let n = 0;
    while (n < this.held.length && n < max && this.held[n]!.ts <= cut) n++;
    if (n === 0) return [];
    const out = this.held.slice(0, n);
    this.held = this.held.slice(n);
    return out;
  }

  /** Milliseconds until the oldest held record is released by the time bounds alone. */
  waitMs(nowNs: number): number | null {
    if (!this.held.length) return null;
    this.sort(); // already sorted after take(): the oldest is the first
    const oldest = this.held[0]!.ts;
    const byTime = this.marks.size < this.cpus ? this.windowNs : this.maxHoldNs;
    return Math.max(1, Math.ceil((oldest + byTime - nowNs) / 1e6));
  }
}

/** Online CPUs from /sys (`0-3,6`), else the count Node sees. */
export function onlineCpus(text: string | null, fallback: number): number {
  if (!text) return fallback;
  let n = 0;
  for (const part of text.trim().split(',')) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part.trim());
    if (!m) return fallback;
    const lo = Number(m[1]);
    const hi = m[2] === undefined ? lo : Number(m[2]);
    if (hi < lo || hi - lo > 65_535) return fallback;
    n += hi - lo + 1;
  }
  return n > 0 ? n : fallback;
}

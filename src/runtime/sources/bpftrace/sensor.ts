// Run the generated bpftrace program and stream its records: a bounded queue between bpftrace's
// stdout and the consumer, drop counters (bpftrace's lost perf events + our queue drops) reported
// every second, and a shutdown that detaches every probe (SIGINT, then verify bpftrace is gone).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { BulwarkError } from '../../../core/errors.js';
import { LineDecoder, type RawRecord } from './decode.js';
import { generateProgram, type Program } from './program.js';
import { onlineCpus, Reorderer } from './reorder.js';
import { ensureTracefs, TRACEFS } from './tracefs.js';

export interface SensorOptions {
  /** Falco event types the rules need; undefined traces all the sensor supports. */
  eventTypes?: Iterable<string>;
  bpftrace?: string;
  /** Records held between bpftrace and the consumer; beyond it syscall records are dropped. */
  queueSize?: number;
  statsIntervalMs?: number;
  onStats?: (stats: SensorStats) => void;
  /** Notices (skipped probes, bpftrace diagnostics). */
  onNotice?: (message: string) => void;
  /** Give up if the probes are not attached within this time (compiling takes seconds). */
  startTimeoutMs?: number;
  /** Per-CPU perf ring pages (bpftrace default 64 loses events under load). */
  perfPages?: number;
  mapKeysMax?: number;
  strlen?: number;
  selfPid?: number;
}

export interface SensorStats {
  /** Records received from bpftrace (after decoding). */
  received: number;
  /** Events the kernel dropped because bpftrace's perf ring was full (cumulative). */
  lost: number;
  /** Records dropped because our queue was full (cumulative). */
  queueDrops: number;
  queued: number;
  malformed: number;
  /** Records per second over the last interval. */
  rate: number;
}

function available(sys: string): boolean {
  return existsSync(`${TRACEFS}/events/syscalls/sys_enter_${sys}`);
}

export class BpftraceSensor {
  readonly program: Program;
  private child: ChildProcess | null = null;
  private readonly decoder = new LineDecoder();
  private queue: RawRecord[] = [];
  private readonly reorder = new Reorderer({
    cpus: onlineCpus(readText('/sys/devices/system/cpu/online'), cpus().length),
  });
  private readonly queueSize: number;
  private wake: (() => void) | null = null;
  private closed = false;
  private exitError: BulwarkError | null = null;
  private stderrTail = '';
  private partial = '';
  private timer: NodeJS.Timeout | null = null;
  private dir: string;
  private rate = 0;
  private counters = { received: 0, lost: 0, queueDrops: 0, lastReceived: 0, lastAt: Date.now() };

  private constructor(
    private readonly opts: SensorOptions,
    program: Program,
    dir: string,
  ) {
    this.program = program;
    this.dir = dir;
    this.queueSize = opts.queueSize ?? 65536;
  }

  /** Compile and attach; resolves once every probe is attached. Needs root. */
  static async start(opts: SensorOptions = {}): Promise<BpftraceSensor> {
    if (typeof process.getuid === 'function' && process.getuid() !== 0) {
      throw new BulwarkError('PERMISSION', 'the eBPF sensor needs root; run it with sudo');
    }
    const notice = opts.onNotice ?? (() => {});
    ensureTracefs(notice);
    const program = generateProgram({
      eventTypes: opts.eventTypes,
      selfPid: opts.selfPid ?? process.pid,
      strlen: opts.strlen,
      available,
    });
    if (program.skipped.length) {
      notice(`no tracepoint on this kernel for: ${program.skipped.join(', ')} (those events cannot be seen)`);
    }
    const dir = mkdtempSync(join(tmpdir(), 'bulwark-bpftrace-'));
    writeFileSync(join(dir, 'sensor.bt'), program.text, { mode: 0o600 });
    const sensor = new BpftraceSensor(opts, program, dir);
    try {
      await sensor.spawn();
    } catch (err) {
      await sensor.stop();
      throw err;
    }
    return sensor;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  private spawn(): Promise<void> {
    const bin = this.opts.bpftrace ?? 'bpftrace';
    const env = {
      ...process.env,
      BPFTRACE_STRLEN: String(this.program.strlen),
      BPFTRACE_PERF_RB_PAGES: String(this.opts.perfPages ?? 2048),
      BPFTRACE_MAP_KEYS_MAX: String(this.opts.mapKeysMax ?? 65536),
      BPFTRACE_MAX_PROBES: '1024',
      BPFTRACE_MAX_BPF_PROGS: '1024',
    };
    // -B full: bpftrace writes its output in blocks, flushed after each drain of the perf rings;
    // the default (a write per line) halves the rate it can drain before the kernel drops events.
    const child = spawn(bin, ['-B', 'full', '-f', 'json', '--no-warnings', join(this.dir, 'sensor.bt')], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    return new Promise<void>((resolve, reject) => {
      let attached = false;
      const timeout = setTimeout(() => {
        reject(
          new BulwarkError(
            'INTERNAL',
            `bpftrace did not attach its probes within ${(this.opts.startTimeoutMs ?? 180_000) / 1000} s`,
          ),
        );
      }, this.opts.startTimeoutMs ?? 180_000);
      child.on('error', (err) => {
        clearTimeout(timeout);
        reject(
          new BulwarkError(
            'NOT_FOUND',
            `cannot run ${bin}: ${err.message}; install bpftrace (apt-get install bpftrace)`,
            {
              cause: err,
            },
          ),
        );
      });
      child.stderr!.setEncoding('utf8');
      child.stderr!.on('data', (d: string) => {
        this.stderrTail = (this.stderrTail + d).slice(-8192);
      });
      child.stdout!.setEncoding('utf8');
      child.stdout!.on('data', (d: string) => {
        const text = this.partial + d;
        const lines = text.split('\n');
        this.partial = lines.pop() ?? '';
        if (this.partial.length > 1 << 20) this.partial = ''; // a line this long is not ours
        for (const line of lines) {
          const r = this.decoder.push(line);
          if (!r) continue;
          switch (r.kind) {
            case 'attached':
              // Printed before the probes are attached; BEGIN (`ready`) runs after all of them are.
              break;
            case 'ready':
              if (!attached) {
                attached = true;
                clearTimeout(timeout);
                this.startStats();
                resolve();
              }
              break;
            case 'watermark':
              this.reorder.mark(r.cpu, r.ts);
              if (this.reorder.size || this.queue.length) this.wakeUp();
              break;
            case 'lost':
              this.counters.lost += r.count;
              break;
            case 'message':
              this.opts.onNotice?.(`bpftrace: ${r.text}`);
              break;
            default:
              this.enqueue(r);
          }
        }
      });
      child.on('exit', (code, signal) => {
        clearTimeout(timeout);
        if (!attached) {
          reject(
            new BulwarkError(
              'INTERNAL',
              `bpftrace failed to start (${code ?? signal}): ${this.diagnostic()}`,
            ),
          );
        } else if (!this.closed) {
          this.exitError = new BulwarkError(
            'INTERNAL',
            `bpftrace exited (${code ?? signal}): ${this.diagnostic()}`,
          );
        }
        this.closed = true;
        this.wake?.();
      });
    });
  }

  private diagnostic(): string {
    const lines = this.stderrTail
      .split('\n')
      .filter((l) => l.trim() && !/RLIMIT_MEMLOCK|WARNING|^\s/.test(l));
    return lines.slice(-3).join(' | ') || 'no diagnostic';
  }

  private enqueue(r: RawRecord): void {
    if (r.pid === this.child?.pid) return; // bpftrace's own syscalls
    this.counters.received++;
    // Process lifecycle records keep the process table right; shed syscall records first.
    const limit = r.kind === 'syscall' ? this.queueSize : this.queueSize * 2;
    if (this.queue.length >= limit) {
      this.counters.queueDrops++;
      return;
    }
    this.queue.push(r);
    this.wakeUp();
  }

  private wakeUp(): void {
    if (this.wake) {
      const w = this.wake;
      this.wake = null;
      w();
    }
  }

  private startStats(): void {
    const every = this.opts.statsIntervalMs ?? 1000;
    this.timer = setInterval(() => {
      const now = Date.now();
      const dt = Math.max(1, now - this.counters.lastAt) / 1000;
      this.rate = (this.counters.received - this.counters.lastReceived) / dt;
      this.counters.lastReceived = this.counters.received;
      this.counters.lastAt = now;
      this.opts.onStats?.(this.stats());
    }, every);
    this.timer.unref();
  }

  stats(): SensorStats {
    const rate = this.rate;
    return {
      received: this.counters.received,
      lost: this.counters.lost,
      queueDrops: this.counters.queueDrops,
      queued: this.queue.length,
      malformed: this.decoder.malformed,
      rate,
    };
  }

  /**
   * Batches of records in timestamp order, until stop() or bpftrace exits. Records are held until
   * every CPU's watermark has passed them (reorder.ts), or for `reorderMs` while some CPU has not
   * reported yet, and released sorted, as Falco merges its rings.
   */
  async *batches(max = 4096, reorderMs = 50): AsyncGenerator<RawRecord[]> {
    this.reorder.setWindow(reorderMs);
    for (;;) {
      if (this.queue.length) {
        this.reorder.add(this.queue);
        this.queue = [];
      }
      const now = Number(process.hrtime.bigint());
      const out = this.reorder.take(now, max, this.closed);
      if (out.length) {
        yield out;
        continue;
      }
      if (this.closed && !this.reorder.size && !this.queue.length) break;
      await new Promise<void>((r) => {
        this.wake = r;
        const wait = this.reorder.waitMs(now);
        if (wait !== null) {
          setTimeout(() => {
            if (this.wake === r) this.wake = null;
            r();
          }, wait).unref();
        }
      });
    }
    if (this.exitError) throw this.exitError;
  }

  /**
   * Detach: SIGINT lets bpftrace run END and close its probes; escalate if it hangs. Resolves once
   * the process is gone (its perf events and BPF programs are released with it).
   */
  async stop(timeoutMs = 15_000): Promise<void> {
    const child = this.child;
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    if (child && child.exitCode === null && child.signalCode === null) {
      const gone = new Promise<void>((r) => child.once('exit', () => r()));
      child.kill('SIGINT');
      const t1 = setTimeout(() => child.kill('SIGTERM'), timeoutMs);
      const t2 = setTimeout(() => child.kill('SIGKILL'), timeoutMs + 5000);
      await gone;
      clearTimeout(t1);
      clearTimeout(t2);
    }
    if (child?.pid && existsSync(`/proc/${child.pid}`)) {
      // A zombie would still hold nothing, but a live process would hold probes: say so.
      const state = (() => {
        try {
          return readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1]?.[0];
        } catch {
          return undefined;
        }
      })();
      if (state && state !== 'Z')
        throw new BulwarkError('INTERNAL', `bpftrace (pid ${child.pid}) did not exit`);
    }
    rmSync(this.dir, { recursive: true, force: true });
    this.wake?.();
  }
}

function readText(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

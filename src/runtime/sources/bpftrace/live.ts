// The live syscall source: bpftrace sensor → process/fd tables → Falco field-map events.
//   const live = await LiveSource.start({ eventTypes: ruleset.eventTypes().types });
//   for await (const events of live.events()) for (const e of events) ruleset.evaluate(e);
//   await live.stop();
import { ContainerResolver } from '../../containers/resolver.js';
import type { RuntimeEvent } from '../../event.js';
import { Enricher } from '../../proc/enrich.js';
import { ProcessTable } from '../../proc/process-table.js';
import { BpftraceSensor, type SensorOptions, type SensorStats } from './sensor.js';

export interface LiveOptions extends SensorOptions {
  procRoot?: string;
  resolver?: ContainerResolver;
  /** Hold records this long to merge the per-CPU streams in time order. */
  reorderMs?: number;
}

export interface LiveStats extends SensorStats {
  processes: number;
  /** Events handed to the consumer (after enrichment and event-type filtering). */
  events: number;
}

/** Kernel monotonic ns (bpftrace `nsecs`, Node's hrtime) → wall-clock ns. */
export class WallClock {
  private offset = 0n;

  constructor() {
    this.sync();
  }

  sync(): void {
    this.offset = BigInt(Date.now()) * 1_000_000n - process.hrtime.bigint();
  }

  toWallNs(ts: number): bigint {
    return BigInt(Math.trunc(ts)) + this.offset;
  }
}

export class LiveSource {
  private emitted = 0;

  private constructor(
    readonly sensor: BpftraceSensor,
    readonly table: ProcessTable,
    private readonly enricher: Enricher,
    private readonly clock: WallClock,
    private readonly reorderMs: number,
  ) {}

  static async start(opts: LiveOptions = {}): Promise<LiveSource> {
    const clock = new WallClock();
    const resolver = opts.resolver ?? new ContainerResolver({ procRoot: opts.procRoot });
    const table = new ProcessTable({
      procRoot: opts.procRoot,
      resolver,
      toWall: (ts) => Number(clock.toWallNs(ts)),
    });
    const types = opts.eventTypes ? new Set(opts.eventTypes) : undefined;
    const enricher = new Enricher({ table, toWallNs: (ts) => clock.toWallNs(ts), eventTypes: types });
    // Attach first, then read /proc: a process that starts in between is seen by both, never by neither.
    const sensor = await BpftraceSensor.start(opts);
    table.seed();
    return new LiveSource(sensor, table, enricher, clock, opts.reorderMs ?? 50);
  }

  async *events(): AsyncGenerator<RuntimeEvent[]> {
    let lastSync = Date.now();
    for await (const batch of this.sensor.batches(4096, this.reorderMs)) {
      const out: RuntimeEvent[] = [];
      for (const rec of batch) {
        const ev = this.enricher.process(rec);
        if (ev) out.push(ev);
      }
      if (Date.now() - lastSync > 10_000) {
        this.clock.sync();
        lastSync = Date.now();
        this.table.purge();
      }
      this.emitted += out.length;
      if (out.length) yield out;
    }
  }

  stats(): LiveStats {
    return { ...this.sensor.stats(), processes: this.table.size, events: this.emitted };
  }

  stop(): Promise<void> {
    return this.sensor.stop();
  }
}

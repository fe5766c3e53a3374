// Wiring for `bulwark runtime watch`: rules → the probes they need → live events → alerts.
import { createAlertOutputs, type OutputsConfig, type SinkStats } from '../../alerts/index.js';
import type { LoadOptions } from '../../rules/load.js';
import { requireRules } from '../../rules/require.js';
import { LiveSource, type LiveStats } from './live.js';

export interface WatchRun {
  rules: string[];
  outputs: OutputsConfig;
  load?: LoadOptions;
  /** Stop after this long; otherwise on `signal`. */
  durationMs?: number;
  signal?: AbortSignal;
  bpftrace?: string;
  /** Called once the probes are attached and the process table is seeded. */
  onReady?: (info: {
    rules: number;
    eventTypes: string[] | 'all';
    probes: number;
    skipped: string[];
  }) => void;
  /** Called every statsIntervalMs with cumulative counters. */
  onStats?: (s: WatchStats) => void;
  statsIntervalMs?: number;
  notice?: (m: string) => void;
}

export interface WatchStats extends LiveStats {
  alerts: number;
  delivery: SinkStats;
}

export async function runWatch(run: WatchRun): Promise<WatchStats> {
  const { ruleset } = await requireRules(run.rules, run.load);
  const needs = ruleset.eventTypes();
  const eventTypes = needs.all ? undefined : needs.types;
  if (needs.all) {
    run.notice?.(
      `rules without an event-type restriction need every event: ${needs.unrestricted.slice(0, 3).join(', ')}`,
    );
  }
  const sink = createAlertOutputs(run.outputs);
  let alerts = 0;
  let live: LiveSource | null = null;
  const stats = (): WatchStats => ({ ...live!.stats(), alerts, delivery: sink.stats() });
  try {
    live = await LiveSource.start({
      eventTypes,
      ...(run.bpftrace ? { bpftrace: run.bpftrace } : {}),
      ...(run.notice ? { onNotice: run.notice } : {}),
      statsIntervalMs: run.statsIntervalMs ?? 1000,
      onStats: () => run.onStats?.(stats()),
    });
    run.onReady?.({
      rules: ruleset.rules.filter((r) => r.enabled && r.source === 'syscall').length,
      eventTypes: eventTypes ?? 'all',
      probes: live.sensor.program.specs.length,
      skipped: live.sensor.program.skipped,
    });
    const stop = new Promise<void>((resolve) => {
      if (run.durationMs !== undefined) setTimeout(resolve, run.durationMs).unref();
      run.signal?.addEventListener('abort', () => resolve(), { once: true });
    });
    const source = live;
    void stop.then(() => source.stop());
    for await (const events of live.events()) {
      for (const ev of events) {
        for (const a of ruleset.evaluate(ev)) {
          alerts++;
          sink.write(a);
        }
      }
    }
    await sink.flush();
    return stats();
  } finally {
    await live?.stop();
    await sink.close();
  }
}

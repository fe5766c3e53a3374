// Writes alerts as lines to a writable stream (stdout by default), respecting backpressure with a
// bounded in-memory queue.
import type { Writable } from 'node:stream';
import { alertToJson, alertToText, type Alert } from '../../rules/alert.js';
import type { AlertSink, SinkOptions, SinkStats } from '../types.js';

export const id = 'stream';
export const MAX_QUEUED_LINES = 100_000;

export function createStreamSink(stream: Writable, opts: SinkOptions, sinkId = id): AlertSink {
  const stats: SinkStats = { delivered: 0, failed: 0, dropped: 0 };
  let pending = 0;
  let waiters: (() => void)[] = [];
  const done = (): void => {
    if (pending === 0) {
      const w = waiters;
      waiters = [];
      w.forEach((f) => f());
    }
  };
  const render = opts.format === 'json' ? alertToJson : alertToText;
  return {
    id: sinkId,
    write(alert: Alert): void {
      if (pending >= MAX_QUEUED_LINES) {
        stats.dropped++;
        return;
      }
      pending++;
      stream.write(`${render(alert)}\n`, (err) => {
        pending--;
        if (err) stats.failed++;
        else stats.delivered++;
        done();
      });
    },
    flush(): Promise<void> {
      return pending === 0 ? Promise.resolve() : new Promise((resolve) => waiters.push(resolve));
    },
    async close(): Promise<void> {
      await this.flush();
    },
    stats: () => ({ ...stats }),
  };
}

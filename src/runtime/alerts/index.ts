// Alert delivery shared by every runtime command: build sinks from CLI-style options and fan alerts
// out to all of them.
import type { Alert } from '../rules/alert.js';
import { sinks } from './api.js';
import type { WebhookOptions } from './sinks/webhook.js';
import type { AlertFormat, AlertSink, SinkStats } from './types.js';

export type { AlertFormat, AlertSink, SinkOptions, SinkStats } from './types.js';
export { redactUrl } from './sinks/webhook.js';
export { createStreamSink } from './sinks/stream.js';

export interface OutputsConfig {
  format: AlertFormat;
  /** File path for alerts; `-` or undefined means stdout. */
  output?: string;
  /** Webhook URL (falcosidekick, Slack relay, SIEM HTTP input …). */
  webhook?: string;
  webhookCaFile?: string;
  webhookHeaders?: Record<string, string>;
  /** Also print to stdout when a file or webhook is given (default: only when neither is). */
  alsoStdout?: boolean;
  notice?: (message: string) => void;
}

/** A sink that writes every alert to all configured outputs. */
export function createAlertOutputs(cfg: OutputsConfig): AlertSink {
  const list: AlertSink[] = [];
  const base = { format: cfg.format, ...(cfg.notice ? { notice: cfg.notice } : {}) };
  if (cfg.output && cfg.output !== '-') list.push(sinks.file!.create(cfg.output, base));
  if (cfg.webhook) {
    const wopts: WebhookOptions = { ...base, format: 'json' };
    if (cfg.webhookCaFile) wopts.caFile = cfg.webhookCaFile;
    if (cfg.webhookHeaders) wopts.headers = cfg.webhookHeaders;
    list.push(sinks.webhook!.create(cfg.webhook, wopts));
  }
  if (list.length === 0 || cfg.alsoStdout || cfg.output === '-') list.push(sinks.stdout!.create('-', base));
  return fanOut(list);
}

export function fanOut(list: AlertSink[]): AlertSink {
  return {
    id: list.map((s) => s.id).join('+'),
    write(alert: Alert): void {
      for (const s of list) s.write(alert);
    },
    async flush(): Promise<void> {
      await Promise.all(list.map((s) => s.flush()));
    },
    async close(): Promise<void> {
      await Promise.all(list.map((s) => s.close()));
    },
    stats(): SinkStats {
      const t: SinkStats = { delivered: 0, failed: 0, dropped: 0 };
      for (const s of list) {
        const x = s.stats();
        t.delivered += x.delivered;
        t.failed += x.failed;
        t.dropped += x.dropped;
      }
      return t;
    },
  };
}

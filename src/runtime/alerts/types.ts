// Alert sinks: where alerts go (stdout, a file, an HTTP webhook such as falcosidekick). Shared by
// `bulwark runtime replay`, `runtime k8s-audit` and `runtime watch`; see docs/runtime-alerts.md.
import type { Alert } from '../rules/alert.js';

export type AlertFormat = 'json' | 'text';

export interface SinkStats {
  /** Alerts accepted and delivered (written or POSTed with a 2xx answer). */
  delivered: number;
  /** Alerts that could not be delivered after retries. */
  failed: number;
  /** Alerts dropped because the sink's bounded queue was full. */
  dropped: number;
}

export interface AlertSink {
  readonly id: string;
  /** Never blocks the caller for long: sinks queue (bounded) and count drops. */
  write(alert: Alert): void;
  /** Resolves once everything queued so far has been delivered or failed. */
  flush(): Promise<void>;
  /** Flush, then release resources. */
  close(): Promise<void>;
  stats(): SinkStats;
}

export interface SinkOptions {
  format: AlertFormat;
  /** Called with one-line notices (delivery failures); never receives secrets. */
  notice?: (message: string) => void;
}

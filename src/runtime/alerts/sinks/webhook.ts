// Alerts POSTed one per request as Falco JSON (what falcosidekick's `/` endpoint and Falco's
// http_output send), with a bounded queue, a few concurrent requests and bounded retries.
// HTTPS uses the system trust store, or `ca` when given; URLs are logged without credentials.
import { readFileSync } from 'node:fs';
import { Agent, request } from 'undici';
import { alertToJson, type Alert } from '../../rules/alert.js';
import type { AlertSink, SinkOptions, SinkStats } from '../types.js';

export const id = 'webhook';

export interface WebhookOptions extends SinkOptions {
  /** PEM CA bundle to trust for HTTPS (in addition to nothing else). */
  caFile?: string;
  /** Extra request headers (e.g. Authorization); never logged. */
  headers?: Record<string, string>;
  maxQueue?: number;
  concurrency?: number;
  retries?: number;
  timeoutMs?: number;
}

/** The URL without user info, query or fragment, for messages. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return '<invalid url>';
  }
}

export function create(target: string, opts: WebhookOptions): AlertSink {
  const url = new URL(target);
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new Error(`webhook URL must be http(s): ${redactUrl(target)}`);
  const maxQueue = opts.maxQueue ?? 10_000;
  const concurrency = opts.concurrency ?? 4;
  const retries = opts.retries ?? 3;
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const dispatcher = new Agent({
    connect: opts.caFile ? { ca: readFileSync(opts.caFile, 'utf8') } : {},
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
  });
  const headers = { 'content-type': 'application/json', 'user-agent': 'bulwark', ...(opts.headers ?? {}) };
  const stats: SinkStats = { delivered: 0, failed: 0, dropped: 0 };
  const queue: string[] = [];
  let active = 0;
  let waiters: (() => void)[] = [];
  let lastNotice = 0;

  const notify = (msg: string): void => {
    const now = Date.now();
    if (now - lastNotice > 1000) {
      lastNotice = now;
      opts.notice?.(`webhook ${redactUrl(target)}: ${msg}`);
    }
  };

  const settle = (): void => {
    if (active === 0 && queue.length === 0) {
      const w = waiters;
      waiters = [];
      w.forEach((f) => f());
    }
  };

  const send = async (body: string): Promise<void> => {
    for (let attempt = 0; ; attempt++) {
      try {
        const res = await request(url, { method: 'POST', body, headers, dispatcher });
        await res.body.dump();
        if (res.statusCode >= 200 && res.statusCode < 300) {
          stats.delivered++;
          return;
        }
        if (res.statusCode < 500 && res.statusCode !== 429) {
          stats.failed++;
          notify(`HTTP ${res.statusCode}; alert not accepted`);
          return;
        }
        throw new Error(`HTTP ${res.statusCode}`);
      } catch (err) {
        if (attempt >= retries) {
          stats.failed++;
          notify(`${(err as Error).message}; alert dropped after ${retries + 1} attempts`);
          return;
        }
        await new Promise((r) => setTimeout(r, 100 * 2 ** attempt));
      }
    }
  };

  const pump = (): void => {
    while (active < concurrency && queue.length > 0) {
      const body = queue.shift()!;
      active++;
      void send(body).finally(() => {
        active--;
        pump();
        settle();
      });
    }
  };

  return {
    id,
    write(alert: Alert): void {
      if (queue.length >= maxQueue) {
        stats.dropped++;
        notify('queue full; alerts dropped');
        return;
      }
      queue.push(alertToJson(alert));
      pump();
    },
    flush(): Promise<void> {
      if (active === 0 && queue.length === 0) return Promise.resolve();
      return new Promise((resolve) => waiters.push(resolve));
    },
    async close(): Promise<void> {
      await this.flush();
      await dispatcher.close();
    },
    stats: () => ({ ...stats }),
  };
}

// Kubernetes audit webhook backend: the API server POSTs audit `EventList`s (webhook backend, see
// kubernetes.io "Auditing", --audit-webhook-config-file) over HTTPS; every event is evaluated with the
// k8s_audit rules. Behaviour follows the k8saudit plugin's web server (source.go): POST only, JSON
// content type, bounded body (12 MiB by default), 200 as soon as the body is read.
import { createServer as createHttpsServer, type ServerOptions } from 'node:https';
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseJson } from '../../../core/json.js';
import type { Alert } from '../../rules/alert.js';
import type { Ruleset } from '../../rules/ruleset.js';
import { auditEventsOf } from '../replay/detect.js';

export const DEFAULT_PATH = '/k8s-audit';
export const DEFAULT_MAX_BODY_BYTES = 12 * 1024 * 1024;

export interface AuditWebhookOptions {
  host: string;
  port: number;
  path?: string;
  /** PEM certificate and key; omit only with `insecureHttp` (e.g. behind a TLS-terminating proxy). */
  tls?: { cert: string | Buffer; key: string | Buffer; clientCa?: string | Buffer };
  insecureHttp?: boolean;
  ruleset: Ruleset;
  onAlert: (alert: Alert) => void;
  maxBodyBytes?: number;
  notice?: (message: string) => void;
}

export interface AuditWebhookStats {
  requests: number;
  rejected: number;
  events: number;
  skippedEvents: number;
  alerts: number;
}

export interface AuditWebhook {
  url: string;
  port: number;
  stats(): AuditWebhookStats;
  close(): Promise<void>;
}

function reply(res: ServerResponse, code: number, body: string): void {
  res.writeHead(code, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(`${body}\n`);
}

export async function startAuditWebhook(opts: AuditWebhookOptions): Promise<AuditWebhook> {
  const path = opts.path ?? DEFAULT_PATH;
  const maxBody = opts.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const stats: AuditWebhookStats = { requests: 0, rejected: 0, events: 0, skippedEvents: 0, alerts: 0 };

  const evaluate = (payload: unknown): void => {
    const events = auditEventsOf(payload) ?? [];
    for (const audit of events) {
      if (typeof audit.stageTimestamp !== 'string') {
        stats.skippedEvents++;
        continue;
      }
      stats.events++;
      for (const alert of opts.ruleset.evaluateAudit(audit)) {
        stats.alerts++;
        opts.onAlert(alert);
      }
    }
  };

  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (req.method === 'GET' && url.pathname === '/healthz') return reply(res, 200, 'ok');
    if (url.pathname !== path) return reply(res, 404, 'not found');
    stats.requests++;
    if (req.method !== 'POST') {
      stats.rejected++;
      return reply(res, 405, `${req.method} method not allowed`);
    }
    if (!String(req.headers['content-type'] ?? '').includes('application/json')) {
      stats.rejected++;
      return reply(res, 400, 'wrong Content Type');
    }
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > maxBody) {
      stats.rejected++;
      res.setHeader('connection', 'close');
      return reply(res, 413, `request body larger than ${maxBody} bytes`);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let aborted = false;
    req.on('data', (c: Buffer) => {
      if (aborted) return;
      size += c.length;
      if (size > maxBody) {
        aborted = true;
        stats.rejected++;
        res.setHeader('connection', 'close');
        reply(res, 413, `request body larger than ${maxBody} bytes`);
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => {
      if (aborted) return;
      let payload: unknown;
      try {
        // Depth-limited: a body of 20,000 nested arrays must be a 400, not a stack overflow later.
        payload = parseJson(Buffer.concat(chunks).toString('utf8'), 'request body');
      } catch (err) {
        stats.rejected++;
        return reply(res, 400, `bad request: ${(err as Error).message}`);
      }
      if (!auditEventsOf(payload)) {
        stats.rejected++;
        return reply(res, 400, 'data not recognized as a k8s audit event');
      }
      reply(res, 200, 'ok');
      try {
        evaluate(payload);
      } catch (err) {
        opts.notice?.(`k8s-audit: evaluation failed: ${(err as Error).message}`);
      }
    });
    req.on('error', () => undefined);
  };

  let server: Server;
  if (opts.tls) {
    const tls: ServerOptions = { cert: opts.tls.cert, key: opts.tls.key, minVersion: 'TLSv1.2' };
    if (opts.tls.clientCa) {
      tls.ca = opts.tls.clientCa;
      tls.requestCert = true;
      tls.rejectUnauthorized = true;
    }
    server = createHttpsServer(tls, handler);
  } else if (opts.insecureHttp) {
    server = createHttpServer(handler);
  } else {
    throw new Error('a TLS certificate and key are required (or explicitly allow plain HTTP)');
  }
  server.requestTimeout = 60_000;
  server.headersTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const addr = server.address() as AddressInfo;
  const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  return {
    url: `${opts.tls ? 'https' : 'http'}://${host}:${addr.port}${path}`,
    port: addr.port,
    stats: () => ({ ...stats }),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections?.();
      }),
  };
}

// HTTP for the registry client: undici dispatchers, redirects without leaking credentials, bounded reads,
// and the mapping of network failures to REGISTRY_UNREACHABLE.
import type { Readable } from 'node:stream';
import { Agent, request, type Dispatcher } from 'undici';
import { BulwarkError } from '../../core/errors.js';

export type HttpBody = Buffer | string | Readable | undefined;

export interface HttpRequest {
  method: 'GET' | 'HEAD' | 'PUT' | 'POST' | 'PATCH' | 'DELETE';
  url: string;
  headers?: Record<string, string>;
  body?: HttpBody;
  /** Follow redirects (GET/HEAD of blobs are often redirected to object storage). */
  maxRedirects?: number;
  signal?: AbortSignal;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Dispatcher.ResponseData['body'];
  /** Final URL after redirects. */
  url: string;
}

export interface HttpOptions {
  /** Extra trusted CA certificates (PEM) for HTTPS registries and token services. */
  ca?: string | Buffer;
  /** Skip TLS verification (only for registries the user marked insecure). */
  insecure?: boolean;
  connectTimeoutMs?: number;
  headersTimeoutMs?: number;
  bodyTimeoutMs?: number;
}

export class Http {
  private readonly verified: Agent;
  private readonly unverified: Agent;

  constructor(opts: HttpOptions = {}) {
    const common = {
      headersTimeout: opts.headersTimeoutMs ?? 60_000,
      bodyTimeout: opts.bodyTimeoutMs ?? 120_000,
      connections: 16,
    };
    const connectTimeout = opts.connectTimeoutMs ?? 15_000;
    this.verified = new Agent({
      ...common,
      connect: { timeout: connectTimeout, ...(opts.ca ? { ca: opts.ca } : {}) },
    });
    this.unverified = new Agent({
      ...common,
      connect: { timeout: connectTimeout, rejectUnauthorized: false },
    });
  }

  /**
   * Send one request, following up to `maxRedirects` redirects. Credentials (Authorization) are dropped
   * when a redirect leaves the origin, and HTTPS → HTTP downgrades are refused unless `allowInsecure`.
   */
  async send(req: HttpRequest, allowInsecure: boolean): Promise<HttpResponse> {
    let url = req.url;
    let method = req.method;
    let headers = { ...(req.headers ?? {}) };
    let body = req.body;
    const origin = new URL(url).origin;
    for (let hop = 0; ; hop++) {
      const dispatcher = allowInsecure && url.startsWith('https:') ? this.unverified : this.verified;
      let res: Dispatcher.ResponseData;
      try {
        res = await request(url, {
          method,
          headers,
          body: body ?? null,
          dispatcher,
          ...(req.signal ? { signal: req.signal } : {}),
        });
      } catch (err) {
        throw networkError(url, err);
      }
      const location = header(res.headers, 'location');
      if (
        ![301, 302, 303, 307, 308].includes(res.statusCode) ||
        !location ||
        hop >= (req.maxRedirects ?? 0)
      ) {
        return { status: res.statusCode, headers: res.headers, body: res.body, url };
      }
      await res.body.dump();
      const next = new URL(location, url);
      if (next.protocol === 'http:' && url.startsWith('https:') && !allowInsecure) {
        throw new BulwarkError(
          'REGISTRY_ERROR',
          `refusing redirect from ${new URL(url).host} to plain HTTP ${next.host}; pass --insecure to allow it`,
        );
      }
      if (next.origin !== origin) {
        // ref: RFC 9110 §15.4 — never forward credentials to another origin (e.g. presigned S3 URLs).
        headers = Object.fromEntries(
          Object.entries(headers).filter(([k]) => k.toLowerCase() !== 'authorization'),
        );
      }
      if (res.statusCode === 303) {
        method = 'GET';
        body = undefined;
      }
      url = next.toString();
    }
  }

  async close(): Promise<void> {
    await Promise.all([this.verified.close(), this.unverified.close()]);
  }
}

export function header(headers: HttpResponse['headers'], name: string): string | undefined {
  const v = headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}

export function headerAll(headers: HttpResponse['headers'], name: string): string[] {
  const v = headers[name.toLowerCase()];
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

/** Read a response body into memory, failing with LIMIT_EXCEEDED past `max` bytes (checked while reading). */
export async function readLimited(res: HttpResponse, max: number, what: string): Promise<Buffer> {
  const declared = Number(header(res.headers, 'content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > max) {
    abandon(res);
    throw new BulwarkError('LIMIT_EXCEEDED', `${what}: ${declared} bytes exceeds the limit of ${max} bytes`);
  }
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of res.body as AsyncIterable<Buffer>) {
      total += chunk.length;
      if (total > max) {
        abandon(res);
        throw new BulwarkError('LIMIT_EXCEEDED', `${what}: more than ${max} bytes; refusing to read on`);
      }
      chunks.push(chunk);
    }
  } catch (err) {
    if (err instanceof BulwarkError) throw err;
    throw networkError(res.url, err);
  }
  return Buffer.concat(chunks, total);
}

/** Stop reading a response: destroying an undici body emits an AbortError, which nobody needs to see. */
export function abandon(res: HttpResponse): void {
  res.body.on('error', () => {});
  res.body.destroy();
}

/** Drain and discard a response body so the connection can be reused. */
export async function discard(res: HttpResponse): Promise<void> {
  try {
    await res.body.dump({ limit: 64 * 1024 });
  } catch {
    /* the socket is closed instead; nothing to do */
  }
}

const TLS_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'EPROTO',
  'ERR_SSL_WRONG_VERSION_NUMBER',
]);

function errCode(err: unknown): string {
  const e = err as { code?: string; cause?: { code?: string } };
  return e?.cause?.code ?? e?.code ?? '';
}

export function isTlsError(err: unknown): boolean {
  const code = errCode(err);
  const msg =
    String((err as Error)?.message ?? '') + String((err as { cause?: Error })?.cause?.message ?? '');
  return TLS_CODES.has(code) || /wrong version number|ssl|tls/i.test(msg);
}

/** Connection-level errors that are worth retrying (the server may be restarting or overloaded). */
export function isTransientNetworkError(err: unknown): boolean {
  const e = err instanceof BulwarkError ? err.cause : err;
  const code = errCode(e);
  return [
    'ECONNRESET',
    'ECONNREFUSED',
    'EPIPE',
    'UND_ERR_SOCKET',
    'UND_ERR_CONNECT_TIMEOUT',
    'ETIMEDOUT',
  ].includes(code);
}

export function networkError(url: string, err: unknown): BulwarkError {
  if (err instanceof BulwarkError) return err;
  const host = safeHost(url);
  const code = errCode(err);
  const detail = (err as Error)?.message ?? String(err);
  if (isTlsError(err)) {
    return new BulwarkError(
      'REGISTRY_UNREACHABLE',
      `TLS handshake with ${host} failed (${code || detail}); trust its CA with NODE_EXTRA_CA_CERTS, or pass --insecure if you accept an unverified connection`,
      { cause: err },
    );
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new BulwarkError(
      'REGISTRY_UNREACHABLE',
      `cannot resolve ${host} (${code}); check the registry name and DNS`,
      {
        cause: err,
      },
    );
  }
  if (
    code === 'UND_ERR_HEADERS_TIMEOUT' ||
    code === 'UND_ERR_BODY_TIMEOUT' ||
    code === 'UND_ERR_CONNECT_TIMEOUT'
  ) {
    return new BulwarkError(
      'REGISTRY_UNREACHABLE',
      `${host} timed out (${code}); check the network or try again`,
      {
        cause: err,
      },
    );
  }
  return new BulwarkError(
    'REGISTRY_UNREACHABLE',
    `cannot connect to ${host}: ${code || detail}; check that the registry is running and reachable`,
    { cause: err },
  );
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'registry';
  }
}

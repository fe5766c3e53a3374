// Conditional download of one file over HTTP(S): If-None-Match / If-Modified-Since from the last
// answer, 304 → nothing to do. The body streams to a temp file with a size limit and an idle timeout;
// proxies come from HTTPS_PROXY/HTTP_PROXY/NO_PROXY as curl reads them.
import { createWriteStream } from 'node:fs';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { BulwarkError } from '../../core/errors.js';
import { shownUrl } from './sources.js';

export interface Conditional {
  etag: string | null;
  lastModified: string | null;
}

export type DownloadResult =
  | { status: 'not-modified' }
  | { status: 'downloaded'; bytes: number; etag: string | null; lastModified: string | null };

export interface DownloadOptions {
  conditional?: Conditional;
  maxBytes: number;
  /** Abort when no byte arrives for this long. */
  idleTimeoutMs: number;
  signal?: AbortSignal;
  onBytes?: (received: number, total: number | null) => void;
}

const HINT =
  'offline or behind a firewall? use `bulwark db update --mirror URL|DIR` with a copy of the OSV all.zip files, or `bulwark db import PATH`';

function networkError(url: string, err: unknown): BulwarkError {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  const detail = cause?.code ?? cause?.message ?? (err as Error).message ?? String(err);
  return new BulwarkError('NETWORK', `cannot download ${shownUrl(url)} (${detail}); ${HINT}`, { cause: err });
}

let dispatcher: unknown;

async function proxyDispatcher(): Promise<unknown> {
  const env = process.env;
  if (!(env.HTTPS_PROXY || env.https_proxy || env.HTTP_PROXY || env.http_proxy)) return undefined;
  if (!dispatcher) {
    const { EnvHttpProxyAgent } = await import('undici');
    dispatcher = new EnvHttpProxyAgent();
  }
  return dispatcher;
}

export async function download(url: string, file: string, opts: DownloadOptions): Promise<DownloadResult> {
  const { fetch } = await import('undici');
  const headers: Record<string, string> = { 'user-agent': 'bulwark (vulnerability DB update)' };
  if (opts.conditional?.etag) headers['if-none-match'] = opts.conditional.etag;
  if (opts.conditional?.lastModified) headers['if-modified-since'] = opts.conditional.lastModified;
  const idle = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const arm = (): void => {
    clearTimeout(timer);
    timer = setTimeout(
      () => idle.abort(new Error(`no data for ${opts.idleTimeoutMs / 1000} s`)),
      opts.idleTimeoutMs,
    );
  };
  const signal = opts.signal ? AbortSignal.any([opts.signal, idle.signal]) : idle.signal;
  arm();
  try {
    let res;
    try {
      const d = await proxyDispatcher();
      res = await fetch(url, {
        headers,
        signal,
        redirect: 'follow',
        ...(d ? { dispatcher: d as never } : {}),
      });
    } catch (err) {
      throw networkError(url, idle.signal.aborted ? idle.signal.reason : err);
    }
    if (res.status === 304) {
      await res.body?.cancel();
      return { status: 'not-modified' };
    }
    if (res.status !== 200 || !res.body) {
      await res.body?.cancel();
      const what =
        res.status === 404 ? 'not found (does the mirror hold this ecosystem?)' : `HTTP ${res.status}`;
      throw new BulwarkError('NETWORK', `cannot download ${shownUrl(url)}: ${what}; ${HINT}`);
    }
    const lengthHeader = res.headers.get('content-length');
    const total = lengthHeader && /^\d+$/.test(lengthHeader) ? Number(lengthHeader) : null;
    if (total !== null && total > opts.maxBytes) {
      await res.body.cancel();
      throw new BulwarkError(
        'LIMIT_EXCEEDED',
        `${shownUrl(url)} is ${total} bytes, over the ${opts.maxBytes}-byte limit`,
      );
    }
    let received = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _enc, cb) {
        received += chunk.length;
        arm();
        if (received > opts.maxBytes) {
          cb(new BulwarkError('LIMIT_EXCEEDED', `${shownUrl(url)} is over the ${opts.maxBytes}-byte limit`));
          return;
        }
        opts.onBytes?.(received, total);
        cb(null, chunk);
      },
    });
    try {
      await pipeline(
        Readable.fromWeb(res.body as import('node:stream/web').ReadableStream),
        counter,
        createWriteStream(file),
      );
    } catch (err) {
      if (err instanceof BulwarkError) throw err;
      throw networkError(url, idle.signal.aborted ? idle.signal.reason : err);
    }
    if (total !== null && received !== total) {
      throw new BulwarkError(
        'NETWORK',
        `download of ${shownUrl(url)} ended after ${received} of ${total} bytes; try again`,
      );
    }
    return {
      status: 'downloaded',
      bytes: received,
      etag: res.headers.get('etag'),
      lastModified: res.headers.get('last-modified'),
    };
  } finally {
    clearTimeout(timer);
  }
}

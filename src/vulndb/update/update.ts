// `bulwark db update`: for each ecosystem, fetch <mirror>/<Ecosystem>/all.zip when it changed
// (ETag / Last-Modified, or size+mtime for a directory mirror) and import it. The function returns a
// result instead of printing, so a scan can call it and go on with a notice when the network is down.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BulwarkError, isBulwarkError, wrapError } from '../../core/errors.js';
import { importPaths, type ImportResult } from '../import/importer.js';
import { openStore } from '../store/open.js';
import type { FeedState, VulnStore } from '../store/types.js';
import { download } from './download.js';
import { DEFAULT_ECOSYSTEMS, shownUrl, sourceFor } from './sources.js';

export type UpdateEvent =
  | { type: 'check'; ecosystem: string; location: string }
  | { type: 'download'; ecosystem: string; received: number; total: number | null }
  | { type: 'import'; ecosystem: string; records: number }
  | { type: 'done'; ecosystem: string; status: FeedUpdate['status'] };

export interface UpdateOptions {
  /** A store to use; otherwise one is opened from `db` (and closed again). */
  store?: VulnStore;
  db?: string;
  /** OSV ecosystem names; default DEFAULT_ECOSYSTEMS. */
  ecosystems?: string[];
  /** Mirror base (http(s)://, file:// or a directory); default BULWARK_DB_MIRROR, then the OSV bucket. */
  mirror?: string;
  /** Re-download even when unchanged. */
  force?: boolean;
  signal?: AbortSignal;
  idleTimeoutMs?: number;
  maxDownloadBytes?: number;
  onEvent?: (e: UpdateEvent) => void;
}

export interface FeedUpdate {
  ecosystem: string;
  location: string;
  status: 'updated' | 'not-modified' | 'failed';
  records?: number;
  added?: number;
  updated?: number;
  unchanged?: number;
  withdrawn?: number;
  /** Records skipped because they do not follow the OSV schema. */
  invalid?: number;
  bytes?: number;
  /** One-line reason when failed. */
  error?: string;
  code?: string;
}

export interface UpdateResult {
  db: string;
  feeds: FeedUpdate[];
  /** True when at least one ecosystem brought new data. */
  changed: boolean;
  /** The first failure, ready to throw or to print as a notice; undefined when all succeeded. */
  error?: BulwarkError;
  seconds: number;
}

export async function updateDb(opts: UpdateOptions = {}): Promise<UpdateResult> {
  const started = performance.now();
  const ecosystems = opts.ecosystems?.length ? opts.ecosystems : DEFAULT_ECOSYSTEMS;
  const mirror = opts.mirror ?? (process.env.BULWARK_DB_MIRROR?.trim() || undefined);
  // Resolve every source first so that a bad --ecosystem or --mirror fails before any work.
  const sources = ecosystems.map((e) => ({ ecosystem: e, source: sourceFor(e, mirror) }));
  const store = opts.store ?? (await openStore({ ...(opts.db ? { db: opts.db } : {}) }));
  const result: UpdateResult = { db: store.location, feeds: [], changed: false, seconds: 0 };
  try {
    for (const { ecosystem, source } of sources) {
      const location = source.kind === 'http' ? shownUrl(source.url) : source.path;
      opts.onEvent?.({ type: 'check', ecosystem, location });
      let feed: FeedUpdate;
      try {
        feed = await updateOne(store, ecosystem, source, location, opts);
      } catch (err) {
        const e = isBulwarkError(err) ? err : wrapError(`updating ${ecosystem}`, err, 'NETWORK');
        result.error ??= e;
        feed = { ecosystem, location, status: 'failed', error: e.message, code: e.code };
      }
      if (feed.status === 'updated') result.changed = true;
      result.feeds.push(feed);
      opts.onEvent?.({ type: 'done', ecosystem, status: feed.status });
    }
  } finally {
    if (!opts.store) await store.close();
  }
  result.seconds = (performance.now() - started) / 1000;
  return result;
}

async function updateOne(
  store: VulnStore,
  ecosystem: string,
  source: ReturnType<typeof sourceFor>,
  location: string,
  opts: UpdateOptions,
): Promise<FeedUpdate> {
  const name = `osv:${ecosystem}`;
  const previous = await store.getFeed(name);
  const sameSource = previous?.location === location && !opts.force;
  const now = new Date().toISOString();
  const checked = async (): Promise<FeedUpdate> => {
    await store.putFeed({ ...previous!, checkedAt: now });
    return { ecosystem, location, status: 'not-modified' };
  };

  if (source.kind === 'file') {
    let info;
    try {
      info = statSync(source.path);
    } catch {
      throw new BulwarkError(
        'NETWORK',
        `mirror has no ${source.path}; a mirror directory holds <Ecosystem>/all.zip files as the OSV bucket does`,
      );
    }
    // A local copy has no ETag: size and modification time stand in for one.
    const etag = `"${info.size}-${Math.round(info.mtimeMs)}"`;
    if (sameSource && previous?.etag === etag) return checked();
    const imported = await importZip(store, source.path, source.path, ecosystem, opts);
    await store.putFeed(feedState(name, location, etag, info.mtime.toUTCString(), now, imported.records));
    return summary(ecosystem, location, imported, info.size);
  }

  const dir = mkdtempSync(join(tmpdir(), 'bulwark-osv-'));
  try {
    const file = join(dir, 'all.zip');
    const got = await download(source.url, file, {
      ...(sameSource && previous
        ? { conditional: { etag: previous.etag, lastModified: previous.lastModified } }
        : {}),
      maxBytes: opts.maxDownloadBytes ?? 4 * 1024 ** 3,
      idleTimeoutMs: opts.idleTimeoutMs ?? 60_000,
      ...(opts.signal ? { signal: opts.signal } : {}),
      onBytes: (received, total) => opts.onEvent?.({ type: 'download', ecosystem, received, total }),
    });
    if (got.status === 'not-modified') {
      if (!previous)
        throw new BulwarkError(
          'NETWORK',
          `${location} answered 304 Not Modified to an unconditional request`,
        );
      return checked();
    }
    const imported = await importZip(store, file, location, ecosystem, opts);
    await store.putFeed(feedState(name, location, got.etag, got.lastModified, now, imported.records));
    return summary(ecosystem, location, imported, got.bytes);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function importZip(
  store: VulnStore,
  file: string,
  label: string,
  ecosystem: string,
  opts: UpdateOptions,
): Promise<ImportResult> {
  return importPaths([file], {
    store,
    label: () => label,
    strict: false,
    recordFeeds: false,
    onProgress: (p) => opts.onEvent?.({ type: 'import', ecosystem, records: p.records }),
  });
}

function feedState(
  name: string,
  location: string,
  etag: string | null,
  lastModified: string | null,
  now: string,
  records: number,
): FeedState {
  return { name, kind: 'update', location, etag, lastModified, updatedAt: now, checkedAt: now, records };
}

function summary(ecosystem: string, location: string, r: ImportResult, bytes: number): FeedUpdate {
  return {
    ecosystem,
    location,
    status: 'updated',
    records: r.records,
    added: r.added,
    updated: r.updated,
    unchanged: r.unchanged,
    withdrawn: r.withdrawn,
    invalid: r.invalidCount,
    bytes,
  };
}

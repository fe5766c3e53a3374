// `bulwark db import PATH...`: files, directories, .zip, .tar(.gz) → documents → batched writes.
// Records are written in batches, one transaction each, so memory stays bounded however big the input.
// A namespace that a document holds completely (a secdb file, the tracker, a DSA list) is purged of
// records the new copy no longer has; OSV records are never purged, they are withdrawn by their source.
import { createReadStream } from 'node:fs';
import { fileKind } from '../../core/input-file.js';
import { readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { BulwarkError, wrapError } from '../../core/errors.js';
import type { AdvisoryRecord } from '../model.js';
import type { VulnStore, WriteCounts } from '../store/types.js';
import { tarEntries, zipEntries } from './archives.js';
import { isCandidate, readDocument, type DocumentSink } from './documents.js';
import { DEFAULT_LIMITS, type ImportLimits } from './limits.js';

export interface ImportProgress {
  documents: number;
  records: number;
}

export interface ImportOptions {
  store: VulnStore;
  limits?: Partial<ImportLimits>;
  /** Records per transaction. */
  batchSize?: number;
  /** Throw INVALID_INPUT after the import when any record was invalid (valid ones are kept). Default true. */
  strict?: boolean;
  /** Record an `import:<path>` feed per path for `db status`. Default true. */
  recordFeeds?: boolean;
  onProgress?: (p: ImportProgress) => void;
  /** How to name a path in messages (e.g. the URL a temp file was downloaded from). */
  label?: (path: string) => string;
}

export interface ImportResult extends WriteCounts {
  documents: number;
  /** Advisories read (after de-duplication within a batch, before comparing with the DB). */
  records: number;
  /** Of those, withdrawn records: stored, never matched. */
  withdrawn: number;
  /** Records removed because a complete source no longer lists them. */
  purged: number;
  /** Files skipped because they are not advisory data (README, LICENSE …). */
  skipped: number;
  invalid: { document: string; message: string }[];
  invalidCount: number;
  namespaces: string[];
  seconds: number;
}

const MAX_REPORTED_INVALID = 20;

class Sink implements DocumentSink {
  private pending = new Map<string, AdvisoryRecord[]>();
  private seen = new Map<string, Set<string>>();
  readonly result: ImportResult = {
    added: 0,
    updated: 0,
    unchanged: 0,
    documents: 0,
    records: 0,
    withdrawn: 0,
    purged: 0,
    skipped: 0,
    invalid: [],
    invalidCount: 0,
    namespaces: [],
    seconds: 0,
  };

  constructor(
    private readonly opts: ImportOptions,
    private readonly batchSize: number,
  ) {}

  async records(namespace: string, records: AdvisoryRecord[]): Promise<void> {
    if (!this.result.namespaces.includes(namespace)) this.result.namespaces.push(namespace);
    const keys = this.seen.get(namespace) ?? new Set<string>();
    this.seen.set(namespace, keys);
    const list = this.pending.get(namespace) ?? [];
    this.pending.set(namespace, list);
    for (const r of records) {
      keys.add(r.key);
      list.push(r);
      this.result.records++;
      if (r.advisory.withdrawn) this.result.withdrawn++;
    }
    if (list.length >= this.batchSize) await this.flush(namespace);
  }

  async flush(namespace?: string): Promise<void> {
    for (const ns of namespace ? [namespace] : [...this.pending.keys()]) {
      const list = this.pending.get(ns);
      if (!list?.length) continue;
      this.pending.set(ns, []);
      const counts = await this.opts.store.writeBatch(ns, list);
      this.result.added += counts.added;
      this.result.updated += counts.updated;
      this.result.unchanged += counts.unchanged;
      this.opts.onProgress?.({ documents: this.result.documents, records: this.result.records });
    }
  }

  async complete(namespace: string): Promise<void> {
    await this.flush(namespace);
    this.result.purged += await this.opts.store.purgeNamespace(
      namespace,
      this.seen.get(namespace) ?? new Set(),
    );
    this.seen.delete(namespace);
  }

  invalid(document: string, err: BulwarkError): void {
    this.result.invalidCount++;
    if (this.result.invalid.length < MAX_REPORTED_INVALID)
      this.result.invalid.push({ document, message: err.message });
  }

  document(): void {
    this.result.documents++;
    if (this.result.documents % 500 === 0) {
      this.opts.onProgress?.({ documents: this.result.documents, records: this.result.records });
    }
  }
}

function isZip(path: string): boolean {
  return /\.zip$/i.test(path);
}

function isTar(path: string): boolean {
  return /\.(tar|tar\.gz|tgz)$/i.test(path);
}

export async function importPaths(paths: string[], opts: ImportOptions): Promise<ImportResult> {
  const started = performance.now();
  const limits: ImportLimits = { ...DEFAULT_LIMITS, ...(opts.limits ?? {}) };
  const sink = new Sink(opts, opts.batchSize ?? 1000);
  for (const p of paths) {
    const abs = resolve(p);
    const before = sink.result.records;
    await importPath(abs, opts.label?.(p) ?? p, true, limits, sink);
    await sink.flush();
    if (opts.recordFeeds ?? true) {
      const now = new Date().toISOString();
      await opts.store.putFeed({
        name: `import:${abs}`,
        kind: 'import',
        location: abs,
        etag: null,
        lastModified: null,
        updatedAt: now,
        checkedAt: now,
        records: sink.result.records - before,
      });
    }
  }
  sink.result.seconds = (performance.now() - started) / 1000;
  if ((opts.strict ?? true) && sink.result.invalidCount) {
    const first = sink.result.invalid[0]!;
    const rest = sink.result.invalidCount - 1;
    throw new BulwarkError(
      'INVALID_INPUT',
      `${first.message}${rest ? ` (and ${rest} more invalid record${rest === 1 ? '' : 's'})` : ''}; ` +
        `the ${sink.result.records} valid records were imported`,
    );
  }
  return sink.result;
}

async function importPath(
  abs: string,
  shown: string,
  explicit: boolean,
  limits: ImportLimits,
  sink: Sink,
): Promise<void> {
  let info;
  try {
    info = await stat(abs);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new BulwarkError('NOT_FOUND', `${shown}: no such file or directory`);
    }
    throw wrapError(`cannot read ${shown}`, err, 'NOT_FOUND');
  }
  if (info.isDirectory()) {
    await importDirectory(abs, shown, limits, sink);
    return;
  }
  if (!info.isFile()) {
    // A FIFO would block the read, /dev/zero never ends.
    throw new BulwarkError(
      'INVALID_INPUT',
      `${shown} is a ${fileKind(info)}, not a file or directory to import`,
    );
  }
  const modified = info.mtime.toISOString();
  if (isZip(abs) || isTar(abs)) {
    const entries = isZip(abs) ? zipEntries(abs, shown, limits) : tarEntries(abs, shown, limits);
    for await (const e of entries) {
      if (!isCandidate(e.path)) {
        sink.result.skipped++;
        continue;
      }
      sink.document();
      await readOne(
        {
          name: `${shown}!${e.path}`,
          source: e.stream,
          ...(e.size !== undefined ? { size: e.size } : {}),
          explicit: false,
          modified,
        },
        limits,
        sink,
      );
    }
    return;
  }
  if (!explicit && !isCandidate(abs)) {
    sink.result.skipped++;
    return;
  }
  sink.document();
  await readOne(
    { name: shown, source: createReadStream(abs), size: info.size, explicit, modified },
    limits,
    sink,
  );
}

/** One document; a problem with its content is reported and the import goes on. */
async function readOne(
  input: Parameters<typeof readDocument>[0],
  limits: ImportLimits,
  sink: Sink,
): Promise<void> {
  try {
    await readDocument(input, limits, sink);
  } catch (err) {
    // Structural problems of the input (bombs, truncation, unsafe names) stop everything.
    if (!(err instanceof BulwarkError)) throw err;
    if (err.code === 'INVALID_INPUT') sink.invalid(input.name, err);
    // A JSON/YAML file inside a directory or archive that is not advisory data is not an error.
    else if (err.code === 'UNSUPPORTED_MEDIA_TYPE' && !input.explicit) sink.result.skipped++;
    else throw err;
  }
}

async function importDirectory(dir: string, shown: string, limits: ImportLimits, sink: Sink): Promise<void> {
  const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
  for (const e of entries) {
    if (e.name.startsWith('.')) continue;
    const abs = join(dir, e.name);
    const child = join(shown, e.name);
    if (e.isDirectory()) {
      await importDirectory(abs, child, limits, sink);
    } else if (e.isFile()) {
      await importPath(abs, child, false, limits, sink);
    } else if (e.isSymbolicLink()) {
      // Follow links to files only: a link to a directory could loop, and is easy to name directly.
      const target = await stat(abs).catch(() => null);
      if (target?.isFile()) await importPath(abs, child, false, limits, sink);
      else sink.result.skipped++;
    }
  }
}

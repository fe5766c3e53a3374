// Reading one document (a file, or an entry in an archive) and recognising what it holds:
// an OSV record (JSON or YAML), a JSON array of OSV records, an Alpine/Wolfi secdb, the Debian tracker
// JSON, or a Debian advisory list (DSA/DLA/DTSA). Large JSON is streamed member by member.
import { basename, extname } from 'node:path';
import { BulwarkError } from '../../core/errors.js';
import type { AdvisoryRecord } from '../model.js';
import { streamError, type ByteSource } from './archives.js';
import { looksLikeAdvisoryList, parseAdvisoryList } from './debian-dsa.js';
import {
  looksLikeTracker,
  looksLikeTrackerEntry,
  TRACKER_NAMESPACE,
  trackerPackage,
} from './debian-tracker.js';
import { jsonEntries } from './json-entries.js';
import { limitError, type ImportLimits } from './limits.js';
import { looksLikeOsv, parseOsv } from './osv.js';
import { looksLikeSecdb, parseSecdb } from './secdb.js';

export const OSV_NAMESPACE = 'osv';

/** What the importer does with a parsed document: records to write, grouped by namespace. */
export interface DocumentSink {
  /** Records of one namespace. */
  records(namespace: string, records: AdvisoryRecord[]): Promise<void>;
  /** The namespace was imported completely from this document: records not seen may be purged. */
  complete(namespace: string): Promise<void>;
  /** One OSV record (or one element) was invalid; the rest of the document goes on. */
  invalid(document: string, err: BulwarkError): void;
}

const LIST_NAMES = new Set(['list', 'DSA', 'DLA', 'DTSA']);

/** Should this file (in a directory or archive) be read at all? */
export function isCandidate(path: string): boolean {
  const ext = extname(path).toLowerCase();
  return ext === '.json' || ext === '.yaml' || ext === '.yml' || LIST_NAMES.has(basename(path));
}

export async function readAll(source: ByteSource, name: string, limit: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of source) {
      const b = typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk);
      size += b.length;
      if (size > limit) throw limitError('the document', limit, name);
      parts.push(b);
    }
  } catch (err) {
    throw streamError(err, name);
  }
  return Buffer.concat(parts);
}

function parseJson(text: string, name: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new BulwarkError('INVALID_INPUT', `${name}: invalid JSON: ${(err as Error).message}`);
  }
}

async function parseYaml(text: string, name: string): Promise<unknown> {
  const { parseDocument } = await import('yaml');
  // The failsafe schema keeps every scalar a string: secfixes versions like `1.10` stay "1.10", not 1.1.
  const doc = parseDocument(text, { schema: 'failsafe', uniqueKeys: false, prettyErrors: false });
  if (doc.errors.length) {
    const e = doc.errors[0]!;
    const line = e.linePos?.[0]?.line;
    throw new BulwarkError(
      'INVALID_INPUT',
      `${name}${line ? `:${line}` : ''}: invalid YAML: ${e.message.split('\n')[0]}`,
    );
  }
  try {
    return doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    const msg = (err as Error).message;
    throw new BulwarkError(/alias/i.test(msg) ? 'LIMIT_EXCEEDED' : 'INVALID_INPUT', `${name}: ${msg}`);
  }
}

export interface DocumentInput {
  name: string;
  source: ByteSource;
  size?: number;
  /** Named by the user (not found in a directory or archive): sniff its content whatever its name. */
  explicit: boolean;
  /** Timestamp to use as `modified` for formats that have none (secdb, tracker). */
  modified: string;
}

export async function readDocument(
  input: DocumentInput,
  limits: ImportLimits,
  sink: DocumentSink,
): Promise<void> {
  const { name } = input;
  const ext = extname(name).toLowerCase();
  if (ext === '.json' && input.size !== undefined && input.size > limits.maxDocumentBytes) {
    await streamJson(input, limits, sink);
    return;
  }
  const bytes = await readAll(input.source, name, limits.maxDocumentBytes);
  const text = bytes.toString('utf8');
  let doc: unknown;
  if (ext === '.json') doc = parseJson(text, name);
  else if (ext === '.yaml' || ext === '.yml') doc = await parseYaml(text, name);
  else if (looksLikeAdvisoryList(text.slice(0, 512))) {
    const { namespace, records } = parseAdvisoryList(text, name);
    await sink.records(namespace, records);
    await sink.complete(namespace);
    return;
  } else if (/^\s*[[{]/.test(text)) doc = parseJson(text, name);
  else doc = await parseYaml(text, name);
  await handleParsed(doc, input, sink);
}

async function handleParsed(doc: unknown, input: DocumentInput, sink: DocumentSink): Promise<void> {
  const { name } = input;
  if (Array.isArray(doc)) {
    const records: AdvisoryRecord[] = [];
    doc.forEach((item, i) => {
      try {
        const advisory = parseOsv(item, `${name}[${i}]`);
        records.push({ key: advisory.id, advisory });
      } catch (err) {
        if (err instanceof BulwarkError) sink.invalid(`${name}[${i}]`, err);
        else throw err;
      }
    });
    await sink.records(OSV_NAMESPACE, records);
    return;
  }
  if (looksLikeOsv(doc)) {
    const advisory = parseOsv(doc, name);
    await sink.records(OSV_NAMESPACE, [{ key: advisory.id, advisory }]);
    return;
  }
  if (looksLikeSecdb(doc)) {
    const { namespace, records } = parseSecdb(doc, name, input.modified);
    await sink.records(namespace, records);
    await sink.complete(namespace);
    return;
  }
  if (looksLikeTracker(doc)) {
    for (const [pkg, value] of Object.entries(doc as Record<string, unknown>)) {
      await sink.records(TRACKER_NAMESPACE, trackerPackage(pkg, value, name, input.modified));
    }
    await sink.complete(TRACKER_NAMESPACE);
    return;
  }
  throw new BulwarkError(
    'UNSUPPORTED_MEDIA_TYPE',
    `${name}: not an OSV record, Alpine/Wolfi secdb, Debian tracker JSON or DSA/DLA list`,
  );
}

/** A JSON document too big to read whole: the Debian tracker, or an array of OSV records. */
async function streamJson(input: DocumentInput, limits: ImportLimits, sink: DocumentSink): Promise<void> {
  const { name } = input;
  let mode: 'tracker' | 'array' | undefined;
  for await (const entry of jsonEntries(input.source, name, limits)) {
    if (!mode) {
      if (/^\d+$/.test(entry.key) && looksLikeOsv(entry.value)) mode = 'array';
      else if (looksLikeTrackerEntry(entry.value)) mode = 'tracker';
      else throw limitError('a single OSV record', limits.maxDocumentBytes, name);
    }
    if (mode === 'tracker') {
      await sink.records(TRACKER_NAMESPACE, trackerPackage(entry.key, entry.value, name, input.modified));
    } else {
      try {
        const advisory = parseOsv(entry.value, `${name}[${entry.key}]`);
        await sink.records(OSV_NAMESPACE, [{ key: advisory.id, advisory }]);
      } catch (err) {
        if (err instanceof BulwarkError) sink.invalid(`${name}[${entry.key}]`, err);
        else throw err;
      }
    }
  }
  if (mode === 'tracker') await sink.complete(TRACKER_NAMESPACE);
}

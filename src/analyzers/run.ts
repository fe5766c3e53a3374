// Running analyzers on one file of a layer walk: the glue the scan orchestration calls for each
// entry. It keeps two promises the applier relies on: every analyzed path yields at least one
// finding (an empty one replaces what lower layers had there), and failures name the file.
import { wrapError } from '../core/errors.js';
import type { FileEntry } from '../image/types.js';
import type { Analyzer, AnalyzerFinding } from './types.js';

export type EntryInfo = Omit<FileEntry, 'read'>;

/** The analyzers that want this entry (cheap: path tests only). */
export function selectAnalyzers(analyzers: Analyzer[], entry: EntryInfo): Analyzer[] {
  return analyzers.filter((a) => a.required(entry.path, entry));
}

/**
 * Analyze one entry with the analyzers `selectAnalyzers` picked. `content` is the file's bytes
 * (empty for symlinks and other non-files, which still shadow lower layers).
 */
export async function analyzeEntry(
  selected: Analyzer[],
  entry: EntryInfo,
  content: Buffer,
): Promise<AnalyzerFinding[]> {
  const out: AnalyzerFinding[] = [];
  for (const a of selected) {
    let found: AnalyzerFinding[];
    try {
      found = await a.analyze({ path: entry.path, content, entry });
    } catch (err) {
      throw wrapError(`${a.type} analyzer failed on /${entry.path}`, err, 'INVALID_INPUT');
    }
    out.push(...(found.length ? found : [{ analyzer: a.type, path: entry.path }]));
  }
  return out;
}

/** Convenience for walkers: select, read (only when needed) and analyze. */
export async function analyzeFileEntry(analyzers: Analyzer[], entry: FileEntry): Promise<AnalyzerFinding[]> {
  const selected = selectAnalyzers(analyzers, entry);
  if (!selected.length) return [];
  const content = entry.type === 'file' ? await entry.read() : Buffer.alloc(0);
  const { read: _read, ...info } = entry;
  return analyzeEntry(selected, info, content);
}

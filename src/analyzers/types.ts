// Analyzer contract (architecture.md convention 4, after Trivy fanal): `required` is a cheap path
// test run on every entry; `analyze` gets the content of matching files only. `version` is part of
// the layer cache key: bump it whenever the output for the same input changes.
import type { OsInfo, Package } from '../core/model.js';
import type { FileEntry } from '../image/types.js';

export interface AnalyzerInput {
  /** Normalised path relative to the image root (no leading `/`). */
  path: string;
  content: Buffer;
  entry: Omit<FileEntry, 'read'>;
}

/** What one analyzer found in one file. Keyed by path so later layers can override or delete it. */
export interface AnalyzerFinding {
  analyzer: string;
  path: string;
  /** OS identity facts from this file (os-release, alpine-release …); merged by the applier. */
  os?: Partial<OsInfo> & { source?: string };
  /** Packages this file declares (a package DB or a language manifest). */
  packages?: Package[];
}

export interface Analyzer {
  type: string;
  version: number;
  required(path: string, entry: Omit<FileEntry, 'read'>): boolean;
  analyze(input: AnalyzerInput): Promise<AnalyzerFinding[]> | AnalyzerFinding[];
}

/** Everything learned from one layer: what the cache stores per (diffId, analyzer versions). */
export interface LayerAnalysis {
  diffId: string;
  findings: AnalyzerFinding[];
  whiteouts: string[];
  opaqueDirs: string[];
}

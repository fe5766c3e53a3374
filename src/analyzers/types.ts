// Analyzer contract (architecture.md convention 4, after Trivy fanal): `required` is a cheap path
// test run on every entry; `analyze` gets the content of matching files only. `version` is part of
// the layer cache key: bump it whenever the output for the same input changes.
import type { OsInfo, Package, Secret } from '../core/model.js';
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
  /** Secrets found in this file (scanner `secret`); `file` is the image path, `layer` unset. */
  secrets?: Secret[];
  /** Facts about this file for image checks (scanner `misconfig`): mode, owner, small contents. */
  fileFacts?: FileFact;
}

/** What image checks need to know about one file (setuid bits, PATH entries, account databases). */
export interface FileFact {
  type: FileEntry['type'];
  mode: number;
  uid: number;
  gid: number;
  size: number;
  linkname?: string;
  /** UTF-8 content, kept only for small files rules read (/etc/passwd, /etc/shadow, /etc/group, os-release). */
  content?: string;
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

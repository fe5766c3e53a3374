// What the native package tools list, for parity tests of the package analyzers.
import { execFileSync } from 'node:child_process';
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Analyzer, LayerAnalysis } from '../../src/analyzers/types.js';
import { analyzeEntry, selectAnalyzers } from '../../src/analyzers/run.js';
import type { FileType } from '../../src/image/types.js';

export interface NativePkg {
  state?: string;
  name: string;
  version: string;
  arch: string;
}

/** `dpkg-query -W --admindir=DIR` with the state, name, version and architecture of each entry. */
export function dpkgQuery(admindir: string): NativePkg[] {
  const out = execFileSync(
    'dpkg-query',
    [`--admindir=${admindir}`, '-W', '-f=${db:Status-Status}\\t${Package}\\t${Version}\\t${Architecture}\\n'],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 64 * 1024 * 1024 },
  );
  return out
    .split('\n')
    .filter(Boolean)
    .map((l) => {
      const [state, name, version, arch] = l.split('\t');
      return { state: state!, name: name!, version: version!, arch: arch! };
    });
}

/**
 * `rpm --dbpath DIR -qa` as "NAME EPOCHNUM:VERSION-RELEASE ARCH" (the brief's query format), with the
 * backend named explicitly because Debian's rpm defaults to sqlite and does not probe the others.
 */
export function rpmQa(dbpath: string, backend: 'bdb_ro' | 'sqlite'): NativePkg[] {
  const out = execFileSync(
    'rpm',
    [
      '--dbpath',
      dbpath,
      '--define',
      `_db_backend ${backend}`,
      '-qa',
      '--qf',
      '%{NAME}\\t%{EPOCHNUM}:%{VERSION}-%{RELEASE}\\t%{ARCH}\\n',
    ],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 64 * 1024 * 1024 },
  );
  return out
    .split('\n')
    .filter(Boolean)
    .map((l) => {
      const [name, version, arch] = l.split('\t');
      return { name: name!, version: version!, arch: arch! };
    });
}

function fileType(path: string): FileType {
  const st = lstatSync(path);
  if (st.isSymbolicLink()) return 'symlink';
  if (st.isDirectory()) return 'dir';
  if (st.isFile()) return 'file';
  return 'other';
}

/** Run analyzers over a directory tree as if it were one layer (no symlinks followed). */
export async function analyzeRootfs(
  root: string,
  analyzers: Analyzer[],
  diffId = 'sha256:rootfs',
): Promise<LayerAnalysis> {
  const findings: LayerAnalysis['findings'] = [];
  const walk = async (dir: string): Promise<void> => {
    for (const name of readdirSync(dir)) {
      const abs = join(dir, name);
      const type = fileType(abs);
      const path = relative(root, abs);
      if (type === 'dir') {
        await walk(abs);
        continue;
      }
      const info = { path, type, mode: 0o644, uid: 0, gid: 0, size: 0 };
      const selected = selectAnalyzers(analyzers, info);
      if (!selected.length) continue;
      findings.push(
        ...(await analyzeEntry(selected, info, type === 'file' ? readFileSync(abs) : Buffer.alloc(0))),
      );
    }
  };
  await walk(root);
  return { diffId, findings, whiteouts: [], opaqueDirs: [] };
}

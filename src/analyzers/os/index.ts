// OS detection: which distribution and release the image is, from os-release and the older
// release files. Each file is one finding; the applier merges them by `priority` once the final
// filesystem is known (os-release beats debian_version, alpine-release refines Alpine's version).
import type { OsInfo } from '../../core/model.js';
import type { Analyzer, AnalyzerFinding, AnalyzerInput } from '../types.js';
import { parseOsRelease } from './os-release.js';
import {
  parseAlpineRelease,
  parseDebianVersion,
  parseRedhatRelease,
  REDHAT_RELEASE_FILES,
} from './release-files.js';

/** Higher wins when the applier merges OS facts. */
export const OS_PRIORITY: Record<string, number> = {
  'etc/os-release': 100,
  'usr/lib/os-release': 90,
  'etc/alpine-release': 60,
  'etc/redhat-release': 50,
  'etc/centos-release': 52,
  'etc/rocky-release': 52,
  'etc/almalinux-release': 52,
  'etc/fedora-release': 52,
  'etc/oracle-release': 52,
  'etc/system-release': 45,
  'etc/debian_version': 40,
};

const MAX_BYTES = 64 * 1024;

/** os-release → OsInfo. Debian testing has no VERSION_ID; its codename stands in until debian_version fills it. */
export function osFromOsRelease(text: string): OsInfo | null {
  const kv = parseOsRelease(text);
  const id = kv.get('ID')?.toLowerCase();
  if (!id) return null;
  const version = kv.get('VERSION_ID') ?? '';
  const name = kv.get('PRETTY_NAME') ?? kv.get('NAME');
  const codename = kv.get('VERSION_CODENAME') || kv.get('UBUNTU_CODENAME');
  return { family: id, version, ...(name ? { name } : {}), ...(codename ? { codename } : {}) };
}

function detect(path: string, text: string): OsInfo | null {
  if (path === 'etc/os-release' || path === 'usr/lib/os-release') return osFromOsRelease(text);
  if (path === 'etc/alpine-release') return parseAlpineRelease(text);
  if (path === 'etc/debian_version') return parseDebianVersion(text);
  if (REDHAT_RELEASE_FILES.includes(path)) return parseRedhatRelease(text);
  return null;
}

export const analyzer: Analyzer = {
  type: 'os',
  version: 1,
  required: (path) => Object.hasOwn(OS_PRIORITY, path),
  analyze(input: AnalyzerInput): AnalyzerFinding[] {
    // A symlink (etc/os-release → ../usr/lib/os-release) or another non-file still replaces what a
    // lower layer had at this path, so it yields an empty finding rather than none.
    if (input.entry.type !== 'file' || input.content.length > MAX_BYTES)
      return [{ analyzer: 'os', path: input.path }];
    const os = detect(input.path, input.content.toString('utf8'));
    return [{ analyzer: 'os', path: input.path, ...(os ? { os: { ...os, source: input.path } } : {}) }];
  },
};

export default analyzer;

// The `misconfig` scanner's layer analyzer: records facts about the files image rules look at —
// setuid/setgid and world-writable files, entries of the usual PATH directories (shells, package
// managers), and the account databases with their content — without keeping other content.
import type { Analyzer, FileFact } from '../../analyzers/types.js';
import { MANAGERS } from './rules/package-manager-present.js';
import { SHELLS } from './rules/shell-present.js';

const PATH_DIRS = ['bin', 'sbin', 'usr/bin', 'usr/sbin', 'usr/local/bin', 'usr/local/sbin'];
const CONTENT_FILES = new Set([
  'etc/passwd',
  'etc/shadow',
  'etc/group',
  'etc/os-release',
  'usr/lib/os-release',
]);
const MAX_CONTENT = 1024 * 1024;
/** Programs the image rules look for in PATH directories: the rules' own lists, so they cannot drift. */
export const WATCHED_PROGRAMS = new Set([...SHELLS, ...MANAGERS]);

function dirOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

export function wantsFile(path: string, mode: number, type: string): boolean {
  if (CONTENT_FILES.has(path)) return true;
  if ((mode & 0o6000) !== 0 && type === 'file') return true;
  if ((mode & 0o002) !== 0 && type !== 'symlink') return true;
  // Directories themselves (for their mode) and the watched programs in them; other binaries are not read.
  return (
    PATH_DIRS.includes(path) ||
    (PATH_DIRS.includes(dirOf(path)) && WATCHED_PROGRAMS.has(path.slice(path.lastIndexOf('/') + 1)))
  );
}

export const misconfigAnalyzer: Analyzer = {
  type: 'misconfig',
  version: 1,
  required: (path, entry) => wantsFile(path, entry.mode, entry.type),
  analyze: ({ path, content, entry }) => {
    const fileFacts: FileFact = {
      type: entry.type,
      mode: entry.mode,
      uid: entry.uid,
      gid: entry.gid,
      size: entry.size,
    };
    if (entry.linkname) fileFacts.linkname = entry.linkname;
    if (CONTENT_FILES.has(path) && content.length <= MAX_CONTENT)
      fileFacts.content = content.toString('utf8');
    return [{ analyzer: 'misconfig', path, fileFacts }];
  },
};

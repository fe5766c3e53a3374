// dpkg: installed packages from var/lib/dpkg/status, and from var/lib/dpkg/status.d/* as distroless
// images ship them (one file per package, no Status field).
// ref: dpkg(1), deb-control(5), dpkg src/query/main.c (what `dpkg-query -W` lists).
import { BulwarkError } from '../../../core/errors.js';
import type { Package } from '../../../core/model.js';
import { osPackagePurl } from '../../purl.js';
import type { Analyzer, AnalyzerFinding, AnalyzerInput } from '../../types.js';
import { parseControl, type Stanza } from './control.js';

export const STATUS_FILE = 'var/lib/dpkg/status';
export const STATUS_DIR = 'var/lib/dpkg/status.d/';

/**
 * Package states whose files are (at least partly) on disk. `dpkg-query -W` also lists
 * `config-files` (removed, only conffiles left), but nothing of such a package can run, so it is not
 * in the inventory; `not-installed` is never listed. ref: dpkg-query(1) "Package states".
 */
export const PRESENT_STATES = new Set([
  'installed',
  'half-installed',
  'unpacked',
  'half-configured',
  'triggers-awaited',
  'triggers-pending',
]);

/** The third word of `Status: want flag state`; distroless status.d stanzas have no Status at all. */
export function isPresent(status: string | undefined, distroless: boolean): boolean {
  if (status === undefined) return distroless;
  const words = status.split(/\s+/);
  return words.length === 3 && PRESENT_STATES.has(words[2]!);
}

/** `Source: name` or `Source: name (version)`; without a Source field the source is the package itself. */
export function parseSource(
  field: string | undefined,
  name: string,
  version: string,
): { name: string; version: string } {
  if (!field) return { name, version };
  const m = /^(\S+)(?:\s+\((.+)\))?$/.exec(field.trim());
  if (!m) return { name, version };
  return { name: m[1]!, version: m[2]?.trim() ?? version };
}

export function stanzaToPackage(s: Stanza, path: string, distroless: boolean): Package | null {
  const name = s.get('package');
  const version = s.get('version');
  if (!name || !version) return null;
  if (!isPresent(s.get('status'), distroless)) return null;
  const arch = s.get('architecture') || undefined;
  const pkg: Package = {
    name,
    version,
    type: 'deb',
    purl: '',
    source: parseSource(s.get('source'), name, version),
    ...(arch ? { arch } : {}),
    path,
  };
  pkg.purl = osPackagePurl(pkg, null);
  return pkg;
}

export function parseStatus(text: string, path: string): Package[] {
  const distroless = path.startsWith(STATUS_DIR);
  const out: Package[] = [];
  for (const s of parseControl(text, path)) {
    const p = stanzaToPackage(s, path, distroless);
    if (p) out.push(p);
  }
  return out;
}

export const analyzer: Analyzer = {
  type: 'dpkg',
  version: 1,
  required(path) {
    if (path === STATUS_FILE) return true;
    // status.d/<pkg> (and nothing deeper); the .md5sums files beside them are file lists.
    return (
      path.startsWith(STATUS_DIR) &&
      !path.slice(STATUS_DIR.length).includes('/') &&
      !path.endsWith('.md5sums')
    );
  },
  analyze(input: AnalyzerInput): AnalyzerFinding[] {
    if (input.entry.type !== 'file') return [{ analyzer: 'dpkg', path: input.path }];
    if (input.content.includes(0)) {
      throw new BulwarkError('INVALID_INPUT', `${input.path}: binary data in a dpkg status file`);
    }
    return [
      {
        analyzer: 'dpkg',
        path: input.path,
        packages: parseStatus(input.content.toString('utf8'), input.path),
      },
    ];
  },
};

export default analyzer;

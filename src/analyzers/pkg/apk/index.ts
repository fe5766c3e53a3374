// apk: installed packages from lib/apk/db/installed (usr/lib/apk/db/installed on newer layouts).
// ref: https://wiki.alpinelinux.org/wiki/Apk_spec#Installed_Database_V2 — one letter keys:
// P name, V version, A arch, L license, o origin (the source package advisories are filed under).
import { BulwarkError } from '../../../core/errors.js';
import type { Package } from '../../../core/model.js';
import { osPackagePurl } from '../../purl.js';
import type { Analyzer, AnalyzerFinding, AnalyzerInput } from '../../types.js';

export const INSTALLED_PATHS = new Set(['lib/apk/db/installed', 'usr/lib/apk/db/installed']);
const MAX_PACKAGES = 200_000;

export function parseInstalled(text: string, path: string): Package[] {
  const out: Package[] = [];
  let fields = new Map<string, string>();
  const flush = (): void => {
    const name = fields.get('P');
    const version = fields.get('V');
    // apk writes P and V for every package; a record without them is not a package (apk skips it too).
    if (name && version) {
      if (out.length >= MAX_PACKAGES)
        throw new BulwarkError('LIMIT_EXCEEDED', `${path}: more than ${MAX_PACKAGES} packages`);
      const arch = fields.get('A');
      const license = fields.get('L');
      const pkg: Package = {
        name,
        version,
        type: 'apk',
        purl: '',
        source: { name: fields.get('o') || name, version },
        ...(arch ? { arch } : {}),
        ...(license ? { licenses: [license] } : {}),
        path,
      };
      pkg.purl = osPackagePurl(pkg, null);
      out.push(pkg);
    }
    fields = new Map();
  };
  for (const raw of text.split('\n')) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line === '') {
      flush();
      continue;
    }
    if (line.length < 2 || line[1] !== ':') {
      throw new BulwarkError(
        'INVALID_INPUT',
        `${path}: expected "K:value" lines, got "${line.slice(0, 40)}"`,
      );
    }
    const key = line[0]!;
    // Per-file keys (F, R, a, M, Z) repeat; only the package-level ones matter here, first wins.
    if (!fields.has(key)) fields.set(key, line.slice(2));
  }
  flush();
  return out;
}

export const analyzer: Analyzer = {
  type: 'apk',
  version: 1,
  required: (path) => INSTALLED_PATHS.has(path),
  analyze(input: AnalyzerInput): AnalyzerFinding[] {
    if (input.entry.type !== 'file') return [{ analyzer: 'apk', path: input.path }];
    if (input.content.includes(0))
      throw new BulwarkError('INVALID_INPUT', `${input.path}: binary data in an apk database`);
    return [
      {
        analyzer: 'apk',
        path: input.path,
        packages: parseInstalled(input.content.toString('utf8'), input.path),
      },
    ];
  },
};

export default analyzer;

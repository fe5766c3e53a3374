// rpm: installed packages from the rpm database in any of its three formats (Berkeley DB hash
// `Packages`, ndb `Packages.db`, SQLite `rpmdb.sqlite`) at the paths distributions use.
// gpg-pubkey entries are imported signing keys, not software: `rpm -qa` lists them, the inventory
// does not (as Trivy and Syft); everything else `rpm -qa` lists is here.
import { BulwarkError, wrapError } from '../../../core/errors.js';
import type { Package } from '../../../core/model.js';
import { osPackagePurl } from '../../purl.js';
import type { Analyzer, AnalyzerFinding, AnalyzerInput } from '../../types.js';
import { isBerkeleyHash, readBerkeleyHash } from './bdb.js';
import { parseHeader, parseSourceRpm, type RpmHeader } from './header.js';
import { isNdb, readNdb } from './ndb.js';
import { isSqlite, readSqlite } from './sqlite.js';

const DIRS = ['var/lib/rpm/', 'usr/lib/sysimage/rpm/', 'usr/share/rpm/'];
const FILES = ['Packages', 'Packages.db', 'rpmdb.sqlite'];
export const RPMDB_PATHS = new Set(DIRS.flatMap((d) => FILES.map((f) => d + f)));

const MAX_PACKAGES = 200_000;

/** The header blobs of an rpm database, whatever its format (detected by magic, not by name). */
export function readRpmdb(buf: Buffer, where: string): Buffer[] {
  if (isSqlite(buf)) return readSqlite(buf, where);
  if (isNdb(buf)) return readNdb(buf, where);
  if (isBerkeleyHash(buf)) return readBerkeleyHash(buf, where);
  throw new BulwarkError(
    'INVALID_INPUT',
    `${where}: not an rpm database (neither Berkeley DB, ndb nor SQLite)`,
  );
}

/** `[epoch:]version-release` as `rpm -q --qf '%{EVR}'` prints it (no epoch when the tag is absent). */
export function evr(h: Pick<RpmHeader, 'epoch' | 'version' | 'release'>): string {
  return `${h.epoch !== null ? `${h.epoch}:` : ''}${h.version}-${h.release}`;
}

export function headerToPackage(h: RpmHeader, path: string): Package {
  const version = evr(h);
  const src = h.sourceRpm ? parseSourceRpm(h.sourceRpm) : null;
  const pkg: Package = {
    name: h.name,
    version,
    type: 'rpm',
    purl: '',
    // Source rpms carry no epoch in their file name; rpm builds binaries with the source's epoch.
    source: src
      ? { name: src.name, version: evr({ epoch: h.epoch, version: src.version, release: src.release }) }
      : { name: h.name, version },
    ...(h.arch ? { arch: h.arch } : {}),
    ...(h.license ? { licenses: [h.license] } : {}),
    ...(h.vendor ? { vendor: h.vendor } : {}),
    ...(h.modularityLabel ? { modularityLabel: h.modularityLabel } : {}),
    path,
  };
  pkg.purl = osPackagePurl(pkg, null);
  return pkg;
}

export function parseRpmdb(buf: Buffer, path: string): Package[] {
  const blobs = readRpmdb(buf, path);
  if (blobs.length > MAX_PACKAGES)
    throw new BulwarkError('LIMIT_EXCEEDED', `${path}: more than ${MAX_PACKAGES} packages`);
  const out: Package[] = [];
  for (const [i, blob] of blobs.entries()) {
    const h = parseHeader(blob, `${path} record ${i + 1}`);
    if (h.name === 'gpg-pubkey') continue;
    out.push(headerToPackage(h, path));
  }
  return out;
}

export const analyzer: Analyzer = {
  type: 'rpm',
  version: 1,
  required: (path) => RPMDB_PATHS.has(path),
  analyze(input: AnalyzerInput): AnalyzerFinding[] {
    // An empty Packages file is what a fresh image has before rpm initialises its database.
    if (input.entry.type !== 'file' || input.content.length === 0)
      return [{ analyzer: 'rpm', path: input.path }];
    try {
      return [{ analyzer: 'rpm', path: input.path, packages: parseRpmdb(input.content, input.path) }];
    } catch (err) {
      throw wrapError('failed to read the rpm database', err, 'INVALID_INPUT');
    }
  },
};

export default analyzer;

// Where OSV data comes from: the public bucket's per-ecosystem all.zip (https://google.github.io/osv.dev/data/
// "Data dumps": gs://osv-vulnerabilities/<ECOSYSTEM>/all.zip), or a mirror with the same layout —
// an HTTP(S) base URL, a file:// URL or a plain directory for air-gapped copies.
import { isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BulwarkError } from '../../core/errors.js';

export const OSV_BUCKET = 'https://osv-vulnerabilities.storage.googleapis.com';

/** The OS ecosystems Bulwark matches (src/matchers/os). */
export const DEFAULT_ECOSYSTEMS = ['Debian', 'Ubuntu', 'Alpine', 'Red Hat', 'Rocky Linux', 'AlmaLinux'];

export type Source = { kind: 'http'; url: string } | { kind: 'file'; path: string };

/** `<base>/<Ecosystem>/all.zip` for an HTTP(S) base, a file:// URL or a directory. */
export function sourceFor(ecosystem: string, mirror?: string): Source {
  const eco = ecosystem.trim();
  if (!eco || eco.includes('/') || eco.includes('..') || eco.length > 64) {
    throw new BulwarkError(
      'USAGE',
      `invalid --ecosystem "${ecosystem}"; use an OSV ecosystem name such as Debian or "Red Hat"`,
    );
  }
  const base = (mirror?.trim() || OSV_BUCKET).replace(/\/+$/, '');
  if (/^https?:\/\//i.test(base)) {
    let url: URL;
    try {
      url = new URL(`${base}/${encodeURIComponent(eco)}/all.zip`);
    } catch {
      throw new BulwarkError('USAGE', `invalid mirror URL "${base}"`);
    }
    return { kind: 'http', url: url.toString() };
  }
  if (/^file:/i.test(base)) {
    let dir: string;
    try {
      dir = fileURLToPath(base);
    } catch {
      throw new BulwarkError('USAGE', `invalid mirror URL "${base}"; use file:///absolute/dir`);
    }
    return { kind: 'file', path: join(dir, eco, 'all.zip') };
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(base)) {
    throw new BulwarkError(
      'USAGE',
      `unsupported mirror "${base}"; use an http(s):// or file:// URL, or a directory`,
    );
  }
  return { kind: 'file', path: join(isAbsolute(base) ? base : resolve(base), eco, 'all.zip') };
}

/** A URL for messages: no credentials. */
export function shownUrl(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    return u.toString();
  } catch {
    return url;
  }
}

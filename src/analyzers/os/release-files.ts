// The one-line release files older than (or beside) os-release: alpine-release, debian_version and
// the Red Hat family's *-release ("Rocky Linux release 9.3 (Blue Onyx)").
import type { OsInfo } from '../../core/model.js';

/** Red Hat family release files and how their first words name the family. */
export const REDHAT_RELEASE_FILES = [
  'etc/redhat-release',
  'etc/centos-release',
  'etc/rocky-release',
  'etc/almalinux-release',
  'etc/fedora-release',
  'etc/system-release',
  'etc/oracle-release',
];

const REDHAT_NAMES: [RegExp, string][] = [
  [/^red hat enterprise linux/i, 'rhel'],
  [/^centos stream/i, 'centos'],
  [/^centos/i, 'centos'],
  [/^rocky/i, 'rocky'],
  [/^almalinux/i, 'almalinux'],
  [/^fedora/i, 'fedora'],
  [/^oracle linux/i, 'ol'],
  [/^amazon linux/i, 'amzn'],
];

/** "CentOS Linux release 7.9.2009 (Core)" → { family: centos, version: 7.9.2009, codename: Core }. */
export function parseRedhatRelease(text: string): OsInfo | null {
  const line = text.split('\n')[0]!.trim();
  const m = /^(.*?)\s+release\s+(\S+)(?:\s+\((.*)\))?/i.exec(line);
  if (!m) return null;
  const family = REDHAT_NAMES.find(([re]) => re.test(m[1]!))?.[1];
  if (!family) return null;
  return { family, version: m[2]!, name: line, ...(m[3] ? { codename: m[3] } : {}) };
}

/** etc/alpine-release holds the full release, e.g. 3.10.2 (os-release may say less on old images). */
export function parseAlpineRelease(text: string): OsInfo | null {
  const v = text.trim().split(/\s+/)[0];
  return v && /^\d+\.\d+/.test(v) ? { family: 'alpine', version: v } : null;
}

/**
 * etc/debian_version: "12.5" on a release (the major is what advisories name: Debian:12), or
 * "trixie/sid" on testing, which has no number yet. Ubuntu ships one too ("bookworm/sid"), which is
 * why os-release wins over it.
 */
export function parseDebianVersion(text: string): OsInfo | null {
  const v = text.trim().split(/\s+/)[0];
  if (!v) return null;
  const m = /^(\d+)(?:\.\d+)*$/.exec(v);
  if (m) return { family: 'debian', version: m[1]!, name: `Debian ${v}` };
  const codename = /^([a-z]+)\/sid$/.exec(v)?.[1];
  return { family: 'debian', version: v, ...(codename ? { codename } : {}) };
}

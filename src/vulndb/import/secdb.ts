// Alpine secdb (secdb.alpinelinux.org/<v3.x>/{main,community}.{yaml,json}) and the same format from
// Wolfi (packages.wolfi.dev/os/security.json) → advisories, one per vulnerability id per file.
// secfixes maps a package version to the ids it fixes. The special version `0` lists ids that never
// affected the package as Alpine builds it (Alpine wiki "APKBUILD Reference: secfixes"; vunnel emits such
// entries as NAK fixes): we store them as `not_affected`, which never matches and suppresses the id
// for that package.
import { distroKey } from '../ecosystem.js';
import type { AdvisoryRecord, AffectedPackage } from '../model.js';
import { Checker, isObj } from './validate.js';

export function looksLikeSecdb(doc: unknown): boolean {
  return (
    isObj(doc) &&
    Array.isArray(doc.packages) &&
    ('apkurl' in doc || 'distroversion' in doc || 'reponame' in doc)
  );
}

export interface SecdbResult {
  namespace: string;
  ecosystem: string;
  records: AdvisoryRecord[];
}

const VULN_ID = /^[A-Z][A-Z0-9]*-[A-Za-z0-9][\w.:-]*$/;

/** The OSV ecosystem a secdb file speaks for. */
function ecosystemOf(c: Checker, doc: Record<string, unknown>): string {
  const url = `${String(doc.urlprefix ?? '')} ${String(doc.apkurl ?? '')}`;
  if (/packages\.wolfi\.dev/.test(url)) return 'Wolfi';
  if (/packages\.cgr\.dev/.test(url)) return 'Chainguard';
  const dv = c.str(doc.distroversion, 'distroversion', 32).trim();
  if (!/^(v\d+\.\d+|edge)$/.test(dv))
    c.fail('distroversion', `expected v<major>.<minor> or edge, got "${dv}"`);
  return `Alpine:${dv}`;
}

export function parseSecdb(doc: unknown, name: string, modified: string): SecdbResult {
  const c = new Checker(name);
  const o = c.obj(doc, '');
  const ecosystem = ecosystemOf(c, o);
  const repo = typeof o.reponame === 'string' ? o.reponame : 'main';
  // One namespace per file: `alpine-secdb:v3.15:main`, `wolfi-secdb:os`.
  const namespace =
    ecosystem === 'Wolfi' || ecosystem === 'Chainguard'
      ? `${ecosystem.toLowerCase()}-secdb:${repo}`
      : `alpine-secdb:${ecosystem.slice('Alpine:'.length)}:${repo}`;
  const distro = distroKey(ecosystem);
  const byId = new Map<string, AffectedPackage[]>();
  c.arr(o.packages, 'packages').forEach((p, i) => {
    const pkg = c.obj(c.obj(p, `packages[${i}]`).pkg, `packages[${i}].pkg`);
    const pkgName = c.str(pkg.name, `packages[${i}].pkg.name`, 256);
    if (pkg.secfixes === undefined || pkg.secfixes === null) return;
    const fixes = c.obj(pkg.secfixes, `packages[${i}].pkg.secfixes`);
    for (const [version, ids] of Object.entries(fixes)) {
      const path = `packages[${i}].pkg.secfixes["${version}"]`;
      for (const raw of c.arr(ids, path, 10_000)) {
        // Entries look like "CVE-2019-6250" or "CVE-2018-1000156 GHSA-…": one or more ids, maybe a note.
        for (const id of c.str(raw, path, 1024).split(/\s+/)) {
          if (!VULN_ID.test(id)) continue;
          const notAffected = version.trim() === '0';
          const entry: AffectedPackage = {
            ecosystem,
            distro,
            package: pkgName,
            ranges: notAffected
              ? []
              : [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: version.trim() }] }],
            versions: [],
            status: notAffected ? 'not_affected' : 'affected',
            severity: [],
          };
          const list = byId.get(id) ?? [];
          list.push(entry);
          byId.set(id, list);
        }
      }
    }
  });
  const records: AdvisoryRecord[] = [...byId].map(([id, affected]) => ({
    key: id,
    advisory: { id, aliases: [], upstream: [], severity: [], modified, references: [], affected },
  }));
  return { namespace, ecosystem, records };
}

// Package licence strings as package databases record them → SPDX ids and expressions where they are
// valid, named licences otherwise. Nothing is guessed: a string that is neither a known SPDX id, a
// short name listed below, nor a valid SPDX expression stays a free-text name.
// ref: SPDX 2.3 Annex D (license expressions); CycloneDX 1.6 `licenses` (ids, names, or one expression).
import { fixupSpdxId } from '@cyclonedx/cyclonedx-library/SPDX';
import parseSpdx from 'spdx-expression-parse';

/** Unambiguous short names used by Alpine APKBUILDs and Fedora/RHEL spec files. */
const ALIASES: Record<string, string> = {
  gpl2: 'GPL-2.0-only',
  'gpl2+': 'GPL-2.0-or-later',
  gplv2: 'GPL-2.0-only',
  'gplv2+': 'GPL-2.0-or-later',
  gpl3: 'GPL-3.0-only',
  'gpl3+': 'GPL-3.0-or-later',
  gplv3: 'GPL-3.0-only',
  'gplv3+': 'GPL-3.0-or-later',
  'lgpl2.1': 'LGPL-2.1-only',
  'lgpl2.1+': 'LGPL-2.1-or-later',
  'lgplv2.1': 'LGPL-2.1-only',
  'lgplv2+': 'LGPL-2.0-or-later',
  'lgplv2.1+': 'LGPL-2.1-or-later',
  'lgplv3+': 'LGPL-3.0-or-later',
  'asl 2.0': 'Apache-2.0',
  'apache 2.0': 'Apache-2.0',
  'mpl2.0': 'MPL-2.0',
  'mpl-2.0+': 'MPL-2.0',
};

/** A single licence id (SPDX list) for `text`, or undefined. */
export function spdxId(text: string): string | undefined {
  const t = text.trim();
  const alias = Object.hasOwn(ALIASES, t.toLowerCase()) ? ALIASES[t.toLowerCase()] : undefined;
  // fixupSpdxId looks names up in a plain object: `__proto__` would return Object.prototype.
  const id = fixupSpdxId(t) ?? fixupSpdxId(alias);
  return typeof id === 'string' ? id : undefined;
}

function validExpression(text: string): boolean {
  try {
    parseSpdx(text);
    return true;
  } catch {
    return false;
  }
}

export type LicenseTerm =
  { kind: 'id'; id: string } | { kind: 'expression'; expression: string } | { kind: 'name'; name: string };

/**
 * One package's licence strings → terms. A compound SPDX expression is kept whole (CycloneDX allows a
 * single expression per component); a space-separated list without operators (Alpine's `MIT BSD
 * GPL2+`) is split into its parts, each an id or a name.
 */
export function licenseTerms(licenses: readonly string[] | undefined): LicenseTerm[] {
  const out: LicenseTerm[] = [];
  const seen = new Set<string>();
  const add = (t: LicenseTerm): void => {
    const key = JSON.stringify(t);
    if (!seen.has(key)) out.push(t);
    seen.add(key);
  };
  for (const raw of licenses ?? []) {
    const text = raw.trim();
    if (!text) continue;
    const id = spdxId(text);
    if (id) {
      add({ kind: 'id', id });
      continue;
    }
    if (/\s(AND|OR|WITH)\s/.test(text) && validExpression(text)) {
      add({ kind: 'expression', expression: text });
      continue;
    }
    // Split only a plain list of licence-like tokens with at least one known id, never prose.
    const parts = text.split(/[\s,]+/).filter(Boolean);
    if (
      parts.length > 1 &&
      parts.every((p) => /^[A-Za-z][A-Za-z0-9.+-]*$/.test(p) && !/^(and|or|with)$/i.test(p)) &&
      parts.some((p) => spdxId(p))
    ) {
      for (const p of parts) {
        const pid = spdxId(p);
        add(pid ? { kind: 'id', id: pid } : { kind: 'name', name: p });
      }
      continue;
    }
    add({ kind: 'name', name: text });
  }
  return out;
}

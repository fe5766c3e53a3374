// Debian advisory lists (security-tracker data/DSA/list, data/DLA/list, data/DTSA/list):
//   [31 Jul 2025] DSA-5970-1 sope - security update
//           {CVE-2025-53603}
//           [bookworm] - sope 5.8.0-1+deb12u1
//           [bullseye] - foo <not-affected> (reason)
//           NOTE: …
// Each advisory becomes one record whose aliases are its CVEs and whose affected packages are the
// per-release fixed versions.
import { BulwarkError } from '../../core/errors.js';
import { DEBIAN_RELEASES } from '../ecosystem.js';
import type { AdvisoryRecord, AffectedPackage } from '../model.js';

const HEADER = /^\[(\d{1,2}) (\w{3}) (\d{4})\] ((?:DSA|DLA|DTSA)-[\w-]+)\s*(.*)$/;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export function looksLikeAdvisoryList(head: string): boolean {
  return HEADER.test(head.split('\n', 1)[0]?.trim() ?? '');
}

export function parseAdvisoryList(
  text: string,
  name: string,
): { namespace: string; records: AdvisoryRecord[] } {
  const records: AdvisoryRecord[] = [];
  let current: AdvisoryRecord | undefined;
  let kind = '';
  const lines = text.split('\n');
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (!line) return;
    const h = HEADER.exec(line);
    if (h) {
      const [, day, mon, year, id, rest] = h;
      const m = MONTHS.indexOf(mon!);
      const date =
        m >= 0
          ? `${year}-${String(m + 1).padStart(2, '0')}-${day!.padStart(2, '0')}T00:00:00Z`
          : '1970-01-01T00:00:00Z';
      kind ||= id!.split('-')[0]!;
      current = {
        key: id!,
        advisory: {
          id: id!,
          aliases: [],
          upstream: [],
          ...(rest ? { summary: rest.slice(0, 512) } : {}),
          severity: [],
          published: date,
          modified: date,
          references: [`https://security-tracker.debian.org/tracker/${id}`],
          affected: [],
        },
      };
      records.push(current);
      return;
    }
    if (!current) {
      throw new BulwarkError(
        'INVALID_INPUT',
        `${name}:${i + 1}: expected an advisory header like "[01 Aug 2002] DSA-141 …"`,
      );
    }
    if (line.startsWith('{')) {
      const ids = line
        .replace(/[{}]/g, '')
        .split(/\s+/)
        .filter((x) => /^CVE-\d{4}-\d+$/.test(x));
      current.advisory.aliases.push(...ids);
      return;
    }
    const fix = /^\[(\w+)\]\s+-\s+(\S+)\s+(\S+)/.exec(line);
    if (fix) {
      const [, codename, pkg, version] = fix;
      const number = DEBIAN_RELEASES[codename!];
      if (!number) return;
      const base: Omit<AffectedPackage, 'ranges' | 'status'> = {
        ecosystem: `Debian:${number}`,
        distro: `debian:${number.split('.')[0]}`,
        package: pkg!,
        versions: [],
        severity: [],
      };
      if (version === '<not-affected>')
        current.advisory.affected.push({ ...base, ranges: [], status: 'not_affected' });
      else if (/^\d/.test(version!)) {
        current.advisory.affected.push({
          ...base,
          ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: version! }] }],
          status: 'affected',
        });
      }
    }
    // NOTE: lines and anything else are commentary.
  });
  return { namespace: `debian-${(kind || 'dsa').toLowerCase()}`, records };
}

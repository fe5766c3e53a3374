// Ecosystem strings → matching keys. OSV ecosystems carry the release in different shapes per
// distribution (ref: ossf/osv-schema ecosystems.json):
//   Debian:12 · Ubuntu:22.04:LTS · Ubuntu:Pro:18.04:LTS · Alpine:v3.15 · Rocky Linux:9 · AlmaLinux:8
//   Red Hat:enterprise_linux:9::appstream (a CPE without the `cpe:/[ao]:redhat:` prefix) · Wolfi
// Importers store a normalised `distro` key beside the ecosystem, indexed with the package name, so a
// matcher asks for `debian:12` and never parses ecosystem strings at scan time.

/** Debian codenames → release numbers (ref: distro-info-data debian.csv). */
export const DEBIAN_RELEASES: Record<string, string> = {
  buzz: '1.1',
  rex: '1.2',
  bo: '1.3',
  hamm: '2.0',
  slink: '2.1',
  potato: '2.2',
  woody: '3.0',
  sarge: '3.1',
  etch: '4',
  lenny: '5',
  squeeze: '6',
  wheezy: '7',
  jessie: '8',
  stretch: '9',
  buster: '10',
  bullseye: '11',
  bookworm: '12',
  trixie: '13',
  forky: '14',
  duke: '15',
};

/** The first number group of a release ("12.5" → "12", "v3.15.4" → "3.15" with parts=2). */
export function releasePrefix(version: string, parts: number): string | null {
  const m = /^v?(\d+(?:\.\d+)*)/.exec(version.trim());
  if (!m) return null;
  return m[1]!.split('.').slice(0, parts).join('.');
}

/** Matching key for an ecosystem string. Unknown ecosystems map to their lower-cased name. */
export function distroKey(ecosystem: string): string {
  const parts = ecosystem.split(':');
  const base = (parts[0] ?? '').trim();
  const rest = parts.slice(1);
  switch (base) {
    case 'Debian': {
      const rel = rest[0]?.trim();
      if (!rel) return 'debian';
      return `debian:${releasePrefix(rel, 1) ?? rel.toLowerCase()}`;
    }
    case 'Ubuntu': {
      // Ubuntu[:Pro[:FIPS…]]:<YY.MM>[:LTS]
      const version = rest.find((p) => /^\d+\.\d+$/.test(p));
      const flavour = rest.filter((p) => p !== version && p !== 'LTS').map((p) => p.toLowerCase());
      const name = ['ubuntu', ...flavour].join('-');
      return version ? `${name}:${version}` : name;
    }
    case 'Alpine': {
      const rel = rest[0]?.trim();
      if (!rel) return 'alpine';
      return `alpine:${releasePrefix(rel, 2) ?? rel.toLowerCase()}`;
    }
    case 'Red Hat': {
      // Red Hat:<product>:<version>[::<stream>] — only enterprise_linux is the plain RHEL product line.
      const product = rest[0]?.trim() ?? '';
      const version = rest[1]?.trim() ?? '';
      if (product === 'enterprise_linux') return `redhat:${releasePrefix(version, 1) ?? version}`;
      return `redhat-${product.toLowerCase()}:${version}`;
    }
    case 'Rocky Linux':
      return rest[0] ? `rocky:${releasePrefix(rest[0], 1) ?? rest[0]}` : 'rocky';
    case 'AlmaLinux':
      return rest[0] ? `almalinux:${releasePrefix(rest[0], 1) ?? rest[0]}` : 'almalinux';
    default:
      return ecosystem.trim().toLowerCase();
  }
}

/** The OSV ecosystem name without release suffix, for display and per-ecosystem counts. */
export function ecosystemBase(ecosystem: string): string {
  return (ecosystem.split(':')[0] ?? ecosystem).trim();
}

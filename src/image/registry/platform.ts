// Platform strings and selection from an index. Normalisation follows containerd's platforms package
// (aliases such as x86_64 → amd64, default variants arm64/v8 and arm/v7) so `linux/arm64` matches
// `linux/arm64/v8`. ref: OCI image-spec image-index.md "platform".
import { BulwarkError } from '../../core/errors.js';
import type { Descriptor, ImageIndex, Platform } from './types.js';

const ARCH_ALIASES: Record<string, { architecture: string; variant?: string }> = {
  x86_64: { architecture: 'amd64' },
  'x86-64': { architecture: 'amd64' },
  aarch64: { architecture: 'arm64' },
  armhf: { architecture: 'arm', variant: 'v7' },
  armel: { architecture: 'arm', variant: 'v6' },
  i386: { architecture: '386' },
  i686: { architecture: '386' },
};

const DEFAULT_VARIANT: Record<string, string> = { arm64: 'v8', arm: 'v7', amd64: 'v1' };

/** Parse `os/arch[/variant]`; throws USAGE for anything else. */
export function parsePlatform(text: string): Platform {
  const parts = text.trim().split('/');
  if (parts.length < 2 || parts.length > 3 || parts.some((p) => !/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(p))) {
    throw new BulwarkError(
      'USAGE',
      `invalid platform "${text}"; use os/arch[/variant], e.g. linux/amd64 or linux/arm64/v8`,
    );
  }
  return normalizePlatform({
    os: parts[0]!,
    architecture: parts[1]!,
    ...(parts[2] ? { variant: parts[2] } : {}),
  });
}

export function normalizePlatform(p: Platform): Platform {
  const os = p.os.toLowerCase();
  const alias = ARCH_ALIASES[p.architecture.toLowerCase()];
  const architecture = alias?.architecture ?? p.architecture.toLowerCase();
  let variant = (p.variant ?? alias?.variant)?.toLowerCase();
  if (architecture === 'arm64' && variant === '8') variant = 'v8';
  if (architecture === 'arm' && variant && /^[5-8]$/.test(variant)) variant = `v${variant}`;
  return { ...p, os, architecture, ...(variant ? { variant } : {}) };
}

export function formatPlatform(p: Platform): string {
  return [p.os, p.architecture, p.variant].filter(Boolean).join('/');
}

/** Do two platforms name the same target? A missing variant equals the architecture's default variant. */
export function platformMatches(want: Platform, have: Platform): boolean {
  const a = normalizePlatform(want);
  const b = normalizePlatform(have);
  if (a.os !== b.os || a.architecture !== b.architecture) return false;
  const va = a.variant ?? DEFAULT_VARIANT[a.architecture];
  const vb = b.variant ?? DEFAULT_VARIANT[b.architecture];
  return va === vb || (a.variant === undefined && DEFAULT_VARIANT[a.architecture] === undefined);
}

/** Entries that describe runnable images (buildkit attestation manifests use platform unknown/unknown). */
export function imageEntries(index: ImageIndex): Descriptor[] {
  return index.manifests.filter(
    (d) =>
      d.annotations?.['vnd.docker.reference.type'] !== 'attestation-manifest' &&
      !(d.platform?.os === 'unknown' && d.platform.architecture === 'unknown'),
  );
}

/**
 * Pick the manifest for `platform` from an index. Throws MANIFEST_NOT_FOUND listing what the index offers.
 * An index with a single entry without a platform is taken as is (common for OCI layouts).
 */
export function selectPlatform(
  index: ImageIndex,
  platform: Platform | string,
  what = 'image index',
): Descriptor {
  const want = typeof platform === 'string' ? parsePlatform(platform) : normalizePlatform(platform);
  const entries = imageEntries(index);
  const match = entries.find((d) => d.platform && platformMatches(want, d.platform));
  if (match) return match;
  if (entries.length === 1 && !entries[0]!.platform) return entries[0]!;
  const offered = entries.map((d) => (d.platform ? formatPlatform(d.platform) : 'unspecified'));
  throw new BulwarkError(
    'MANIFEST_NOT_FOUND',
    `${what} has no manifest for ${formatPlatform(want)}; it offers ${offered.join(', ') || 'nothing'} (choose one with --platform)`,
  );
}

/** The platform of this host in OCI terms, e.g. linux/amd64. */
export function hostPlatform(): Platform {
  const arch: Record<string, string> = {
    x64: 'amd64',
    arm64: 'arm64',
    arm: 'arm',
    ia32: '386',
    ppc64: 'ppc64le',
    s390x: 's390x',
  };
  return normalizePlatform({
    os: process.platform === 'win32' ? 'windows' : process.platform,
    architecture: arch[process.arch] ?? process.arch,
  });
}

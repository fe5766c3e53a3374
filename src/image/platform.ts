// Platforms `os/arch[/variant]` as OCI image indexes describe them, with the aliases people type.
// ref: OCI image-spec image-index.md "platform"; containerd/platforms (normalisation rules).
import { BulwarkError } from '../core/errors.js';

export interface Platform {
  os: string;
  architecture: string;
  variant?: string;
}

/** Fixed rather than the host's, so the same command gives the same report on any CI runner. */
export const DEFAULT_PLATFORM: Platform = { os: 'linux', architecture: 'amd64' };

const ARCH_ALIASES: Record<string, Platform['architecture']> = {
  x86_64: 'amd64',
  'x86-64': 'amd64',
  aarch64: 'arm64',
  i386: '386',
  i686: '386',
  armhf: 'arm',
  armel: 'arm',
};

/** Canonical form: arch aliases folded; arm64 without variant is v8, arm without variant is v7. */
export function normalizePlatform(p: Platform): Platform {
  const os = p.os.toLowerCase();
  let architecture = p.architecture.toLowerCase();
  let variant = p.variant?.toLowerCase() || undefined;
  if (p.architecture.toLowerCase() === 'armel') variant ??= 'v6';
  architecture = ARCH_ALIASES[architecture] ?? architecture;
  if (architecture === 'arm64' && (variant === undefined || variant === '8')) variant = 'v8';
  if (architecture === 'arm' && variant === undefined) variant = 'v7';
  if (architecture === 'arm' && /^\d$/.test(variant ?? '')) variant = `v${variant}`;
  return variant ? { os, architecture, variant } : { os, architecture };
}

/** Parse `os/arch[/variant]` (a USAGE error otherwise). */
export function parsePlatform(text: string): Platform {
  const parts = text.trim().split('/');
  if (parts.length < 2 || parts.length > 3 || parts.some((x) => !/^[A-Za-z0-9_.-]+$/.test(x))) {
    throw new BulwarkError(
      'USAGE',
      `bad --platform "${text}"; use os/arch[/variant], e.g. linux/arm64 or linux/arm/v7`,
    );
  }
  // Aliases are folded, but no variant is invented: `linux/arm` must still match any arm variant.
  const arch = parts[1]!.toLowerCase();
  const variant = parts[2]?.toLowerCase() ?? (arch === 'armel' ? 'v6' : undefined);
  return {
    os: parts[0]!.toLowerCase(),
    architecture: ARCH_ALIASES[arch] ?? arch,
    ...(variant ? { variant } : {}),
  };
}

export function formatPlatform(p: Platform): string {
  const n = normalizePlatform(p);
  // v8 is implied for arm64; show it only when the image says so explicitly.
  const showVariant = n.variant && !(n.architecture === 'arm64' && n.variant === 'v8' && !p.variant);
  return `${n.os}/${n.architecture}${showVariant ? `/${n.variant}` : ''}`;
}

/** Does an image of platform `have` satisfy a request for `want`? A request without variant takes any. */
export function platformMatches(want: Platform, have: Platform): boolean {
  const w = normalizePlatform(want);
  const h = normalizePlatform(have);
  if (w.os !== h.os || w.architecture !== h.architecture) return false;
  if (!want.variant) return true;
  return w.variant === h.variant;
}

/** Read a platform object from untrusted JSON; undefined when absent or malformed. */
export function platformFrom(v: unknown): Platform | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const o = v as Record<string, unknown>;
  if (typeof o.os !== 'string' || typeof o.architecture !== 'string' || !o.os || !o.architecture)
    return undefined;
  return {
    os: o.os,
    architecture: o.architecture,
    ...(typeof o.variant === 'string' && o.variant ? { variant: o.variant } : {}),
  };
}

// Base image identification from what the final filesystem says about itself (os-release, shells,
// package databases) with a concrete smaller base to move to. Recommendations follow the upstream
// images' own documentation: distroless (gcr.io/distroless), Debian -slim tags, Alpine, Chainguard/Wolfi.
import type { OsInfo } from '../../core/model.js';
import type { ImageFile } from './context.js';

export interface BaseImage {
  /** distroless, alpine, debian, debian-slim, ubuntu, wolfi, rhel-ubi, busybox, scratch or unknown. */
  kind: string;
  description: string;
  /** A smaller base that would run the same application, or null when already minimal. */
  recommendation: string | null;
}

const has = (files: ImageFile[], p: string) => files.some((f) => f.path === p);

export function identifyBase(os: OsInfo | null, files: ImageFile[], packageCount: number): BaseImage {
  const osRelease =
    files.find((f) => f.path === 'etc/os-release' || f.path === 'usr/lib/os-release')?.content ?? '';
  const shell = ['bin/sh', 'bin/bash', 'usr/bin/sh', 'usr/bin/bash', 'bin/ash', 'bin/busybox'].some((p) =>
    has(files, p),
  );
  const family = os?.family ?? '';
  const version = os?.version ?? '';
  if (/distroless/i.test(osRelease) || (!shell && family === 'debian')) {
    return { kind: 'distroless', description: `distroless (Debian ${version})`.trim(), recommendation: null };
  }
  if (!os && !shell && files.length === 0) {
    return { kind: 'scratch', description: 'scratch (no operating system files)', recommendation: null };
  }
  if (!os && has(files, 'bin/busybox')) {
    return {
      kind: 'busybox',
      description: 'busybox',
      recommendation: 'for a static binary, use gcr.io/distroless/static-debian12 or scratch',
    };
  }
  switch (family) {
    case 'alpine':
      return {
        kind: 'alpine',
        description: `Alpine ${version}`,
        recommendation:
          'already small; for static binaries use gcr.io/distroless/static-debian12 or scratch to drop the shell and apk',
      };
    case 'wolfi':
    case 'chainguard':
      return {
        kind: 'wolfi',
        description: `Wolfi/Chainguard ${version}`.trim(),
        recommendation: shell ? 'use the non -dev variant (no shell, no apk) for the final stage' : null,
      };
    case 'debian': {
      const major = version.split('.')[0] || '12';
      const slim = packageCount > 0 && packageCount <= 100 && !has(files, 'usr/bin/perl');
      return {
        kind: slim ? 'debian-slim' : 'debian',
        description: `Debian ${version}${slim ? ' (slim)' : ''}`,
        recommendation: slim
          ? `gcr.io/distroless/base-debian${major} (or static-debian${major} for static binaries): no shell, no apt`
          : `debian:${major}-slim, or better gcr.io/distroless/base-debian${major} for the final stage`,
      };
    }
    case 'ubuntu':
      return {
        kind: 'ubuntu',
        description: `Ubuntu ${version}`,
        recommendation: `ubuntu:${version} is large; use a multi-stage build with gcr.io/distroless/base-debian12 or a Chainguard image for the final stage`,
      };
    case 'rhel':
    case 'centos':
    case 'rocky':
    case 'almalinux':
    case 'fedora':
      return {
        kind: 'rhel-ubi',
        description: `${os?.name ?? family} ${version}`,
        recommendation: 'registry.access.redhat.com/ubi9/ubi-micro (or ubi-minimal) for the final stage',
      };
    default:
      return {
        kind: os ? family : 'unknown',
        description: os ? `${family} ${version}` : 'unknown',
        recommendation: shell ? 'use a multi-stage build with a distroless or scratch final stage' : null,
      };
  }
}

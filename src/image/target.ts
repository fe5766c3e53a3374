// The image target syntax (architecture.md, "Contracts"):
//   PATH                      auto: docker-archive (plain/gzipped, incl. Docker 25+), oci-archive, OCI layout dir
//   docker-archive:PATH[:REF|:@N]
//   oci:DIR[:TAG]             OCI layout directory, image chosen by org.opencontainers.image.ref.name
//   oci-archive:PATH[:TAG]
//   rootfs:DIR
//   docker://REF              registry, explicitly
//   REF                       anything else: [host[:port]/]repo[:tag][@digest]
// `PATH:REF` is split at the right-most ':' whose left side exists, so paths may contain ':'.
import { existsSync } from 'node:fs';
import { BulwarkError } from '../core/errors.js';
import { parseReference, tryParseReference, type ImageReference } from './reference.js';

export type Target =
  | { kind: 'auto'; path: string }
  | { kind: 'docker-archive'; path: string; ref?: string }
  | { kind: 'oci-layout'; path: string; tag?: string }
  | { kind: 'oci-archive'; path: string; tag?: string }
  | { kind: 'rootfs'; path: string }
  | { kind: 'registry'; reference: ImageReference; text: string };

const PREFIXES = ['docker-archive:', 'oci-archive:', 'oci:', 'rootfs:', 'docker://'] as const;

/** Split `PATH[:SUFFIX]`; `exists` is injectable for tests. */
export function splitPath(
  rest: string,
  exists: (p: string) => boolean = existsSync,
): { path: string; suffix?: string } {
  if (exists(rest)) return { path: rest };
  for (let i = rest.lastIndexOf(':'); i > 0; i = rest.lastIndexOf(':', i - 1)) {
    const path = rest.slice(0, i);
    if (exists(path)) return { path, suffix: rest.slice(i + 1) };
  }
  return { path: rest };
}

function notFound(path: string, what: string): BulwarkError {
  return new BulwarkError('NOT_FOUND', `${path} does not exist (${what}); check the path`);
}

/** Looks like a file name rather than a registry reference (`./x`, `/x`, `x.tar`, `x.tar.gz`). */
function looksLikePath(text: string): boolean {
  return /^(?:\.{0,2}\/|~\/)/.test(text) || /\.(?:tar|tgz|tar\.gz|oci)$/i.test(text);
}

export function parseTarget(text: string, exists: (p: string) => boolean = existsSync): Target {
  if (typeof text !== 'string' || text.trim() === '') {
    throw new BulwarkError(
      'USAGE',
      'no image given; pass a path, a registry reference or a prefixed target (see --help)',
    );
  }
  const prefix = PREFIXES.find((p) => text.startsWith(p));
  if (prefix === 'docker://') {
    const ref = text.slice(prefix.length);
    return { kind: 'registry', reference: parseReference(ref), text: ref };
  }
  if (prefix) {
    const rest = text.slice(prefix.length);
    if (rest === '') throw new BulwarkError('USAGE', `${prefix} needs a path, e.g. ${prefix}./image.tar`);
    if (prefix === 'rootfs:') {
      if (!exists(rest)) throw notFound(rest, 'rootfs directory');
      return { kind: 'rootfs', path: rest };
    }
    const { path, suffix } = splitPath(rest, exists);
    if (!exists(path)) throw notFound(path, prefix.slice(0, -1));
    if (prefix === 'docker-archive:')
      return { kind: 'docker-archive', path, ...(suffix ? { ref: suffix } : {}) };
    if (prefix === 'oci:') return { kind: 'oci-layout', path, ...(suffix ? { tag: suffix } : {}) };
    return { kind: 'oci-archive', path, ...(suffix ? { tag: suffix } : {}) };
  }
  if (exists(text)) return { kind: 'auto', path: text };
  const reference = looksLikePath(text) ? null : tryParseReference(text);
  if (reference) return { kind: 'registry', reference, text };
  throw new BulwarkError(
    'NOT_FOUND',
    `${text} is neither an existing file or directory nor a valid image reference; check the path (registry images: docker://REF)`,
  );
}

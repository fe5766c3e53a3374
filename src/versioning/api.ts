// The explicit version-scheme registry: id → scheme (architecture.md convention 2). Matchers name a
// scheme by id (`getScheme('dpkg')`), never by import. A test checks this map equals the folder listing.
import { BulwarkError } from '../core/errors.js';
import type { Scheme } from './define.js';
import apk from './apk/index.js';
import dpkg from './dpkg/index.js';
import go from './go/index.js';
import maven from './maven/index.js';
import pep440 from './pep440/index.js';
import rpm from './rpm/index.js';
import semver from './semver/index.js';

export type { Scheme } from './define.js';

export const schemes: Readonly<Record<string, Scheme>> = Object.freeze({
  apk,
  dpkg,
  go,
  maven,
  pep440,
  rpm,
  semver,
} as Record<string, Scheme>);

export function schemeIds(): string[] {
  return Object.keys(schemes).sort();
}

/** The scheme for `id`, or undefined. */
export function findScheme(id: string): Scheme | undefined {
  return Object.hasOwn(schemes, id) ? schemes[id] : undefined;
}

/** The scheme for `id`; an unknown id is a USAGE error that lists the known ones. */
export function getScheme(id: string): Scheme {
  const s = findScheme(id);
  if (!s)
    throw new BulwarkError('USAGE', `unknown version scheme "${id}"; use one of: ${schemeIds().join(', ')}`);
  return s;
}

// Repository names, tags and references as the distribution spec allows them. Validating before building
// URLs keeps `../` and query characters out of request paths.
// ref: OCI distribution-spec spec.md "Pulling manifests" (<name> and <reference> grammars).
import { BulwarkError } from '../../core/errors.js';
import { isDigest } from './digest.js';
import type { RepoRef } from './types.js';

const NAME = /^[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*)*$/;
const TAG = /^[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}$/;
const MAX_NAME = 255;

export function isRepositoryName(name: string): boolean {
  return name.length <= MAX_NAME && NAME.test(name);
}

export function isTag(tag: string): boolean {
  return TAG.test(tag);
}

export function checkRepo(repo: RepoRef): void {
  if (!repo.registry || /[/\s?#@]/.test(repo.registry)) {
    throw new BulwarkError('USAGE', `invalid registry host "${repo.registry}"`);
  }
  if (!isRepositoryName(repo.repository)) {
    throw new BulwarkError(
      'USAGE',
      `invalid repository name "${repo.repository.slice(0, 300)}"; use lowercase path components like team/app`,
    );
  }
}

/** A manifest reference: a tag or a digest. */
export function checkReference(reference: string): void {
  if (!isTag(reference) && !isDigest(reference)) {
    throw new BulwarkError(
      'USAGE',
      `invalid tag or digest "${String(reference).slice(0, 200)}"; tags are up to 128 of [A-Za-z0-9_.-], digests sha256:<64 hex>`,
    );
  }
}

export function repoPath(
  repo: RepoRef,
  kind: 'manifests' | 'blobs' | 'tags' | 'referrers',
  rest = '',
): string {
  checkRepo(repo);
  return `/v2/${repo.repository}/${kind}/${rest}`;
}

export function display(repo: RepoRef, reference?: string): string {
  if (!reference) return `${repo.registry}/${repo.repository}`;
  return `${repo.registry}/${repo.repository}${isDigest(reference) ? '@' : ':'}${reference}`;
}

// Paginated lists: tags of a repository and the registry catalog. ref: OCI distribution-spec spec.md
// "Listing Tags" (`n`, `last`, and the RFC 8288 Link header `<…>; rel="next"`), distribution
// docs/spec/api.md "Catalog". Registries may ignore `n` (Debian docker-registry 2.8 returns every tag
// at once, unsorted); callers must not assume order.
import { BulwarkError } from '../../core/errors.js';
import { header, readLimited } from './http.js';
import { display, repoPath } from './names.js';
import { repositoryScope } from './auth/scope.js';
import type { RegistryTransport } from './transport.js';
import type { RepoRef } from './types.js';

export interface ListPage {
  items: string[];
  /** Path (or URL) of the next page from the Link header, when there is one. */
  next?: string;
}

export interface TagPage {
  tags: string[];
  next?: string;
}

/** Extract the `rel="next"` target from a Link header; never throws. */
export function nextLink(link: string | undefined): string | undefined {
  if (!link) return undefined;
  for (const part of link.split(/,(?=\s*<)/)) {
    const m = /^\s*<([^>]*)>\s*((?:;[^;]*)*)$/.exec(part);
    if (!m) continue;
    const params = m[2]!.split(';').map((p) => p.trim().toLowerCase());
    if (params.some((p) => /^rel\s*=\s*"?([^"]*)"?$/.exec(p)?.[1]?.split(/\s+/).includes('next')))
      return m[1];
  }
  return undefined;
}

interface ListSpec {
  registry: string;
  path: string;
  field: 'tags' | 'repositories';
  scopes: string[];
  what: string;
}

async function fetchPage(
  t: RegistryTransport,
  spec: ListSpec,
  query: Record<string, string | undefined>,
  path = spec.path,
): Promise<ListPage> {
  const res = await t.call({
    registry: spec.registry,
    method: 'GET',
    path,
    query,
    scopes: spec.scopes,
    expect: [200],
    what: spec.what,
    notFound: 'NOT_FOUND',
  });
  const bytes = await readLimited(res, t.limits.maxManifestBytes, spec.what);
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(bytes.toString('utf8')) as Record<string, unknown>;
  } catch {
    throw new BulwarkError('INVALID_INPUT', `${spec.what}: registry sent invalid JSON`);
  }
  // Distribution answers `"tags": null` for a repository without tags.
  const items = parsed?.[spec.field] ?? [];
  if (!Array.isArray(items) || !items.every((x) => typeof x === 'string')) {
    throw new BulwarkError('INVALID_INPUT', `${spec.what}: "${spec.field}" is not a list of strings`);
  }
  const next = nextLink(header(res.headers, 'link'));
  return { items, ...(next ? { next } : {}) };
}

async function* paginate(t: RegistryTransport, spec: ListSpec, pageSize?: number): AsyncGenerator<string> {
  let page = await fetchPage(t, spec, { n: pageSize !== undefined ? String(pageSize) : undefined });
  const seen = new Set<string>();
  for (let pages = 1; ; pages++) {
    yield* page.items;
    if (!page.next) return;
    if (seen.has(page.next))
      throw new BulwarkError('REGISTRY_ERROR', `${spec.what}: the registry's next-page link loops`);
    if (pages >= t.limits.maxTagPages) {
      throw new BulwarkError('LIMIT_EXCEEDED', `${spec.what}: more than ${t.limits.maxTagPages} pages`);
    }
    seen.add(page.next);
    page = await fetchPage(t, spec, {}, page.next);
  }
}

function tagSpec(repo: RepoRef): ListSpec {
  return {
    registry: repo.registry,
    path: repoPath(repo, 'tags', 'list'),
    field: 'tags',
    scopes: [repositoryScope(repo.repository, ['pull'])],
    what: `list tags of ${display(repo)}`,
  };
}

function catalogSpec(registry: string): ListSpec {
  return {
    registry,
    path: '/v2/_catalog',
    field: 'repositories',
    scopes: ['registry:catalog:*'],
    what: `list repositories of ${registry}`,
  };
}

export async function listTagsPage(
  t: RegistryTransport,
  repo: RepoRef,
  opts: { n?: number; last?: string } = {},
): Promise<TagPage> {
  const p = await fetchPage(t, tagSpec(repo), {
    n: opts.n !== undefined ? String(opts.n) : undefined,
    last: opts.last,
  });
  return { tags: p.items, ...(p.next ? { next: p.next } : {}) };
}

/** Every tag, following Link headers page by page (bounded by limits.maxTagPages, loop-safe). */
export function listTags(
  t: RegistryTransport,
  repo: RepoRef,
  opts: { pageSize?: number } = {},
): AsyncGenerator<string> {
  return paginate(t, tagSpec(repo), opts.pageSize);
}

export async function listCatalogPage(
  t: RegistryTransport,
  registry: string,
  opts: { n?: number; last?: string } = {},
): Promise<ListPage> {
  return fetchPage(t, catalogSpec(registry), {
    n: opts.n !== undefined ? String(opts.n) : undefined,
    last: opts.last,
  });
}

/** Every repository in the registry catalog (needs a catalog-scoped token on registries with auth). */
export function listRepositories(
  t: RegistryTransport,
  registry: string,
  opts: { pageSize?: number } = {},
): AsyncGenerator<string> {
  return paginate(t, catalogSpec(registry), opts.pageSize);
}

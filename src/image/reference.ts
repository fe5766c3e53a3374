// Image references `[host[:port]/]repo[:tag][@digest]`, normalised the way Docker does:
// `alpine` → `docker.io/library/alpine:latest`. ref: distribution/reference grammar (reference.go)
// and its normalize.go (ParseNormalizedNamed). Never throws from tryParseReference.
import { BulwarkError } from '../core/errors.js';
import { parseDigest } from './digest.js';

export interface ImageReference {
  /** Registry host as written (`docker.io` for Docker Hub), with port when given. */
  registry: string;
  /** Repository path, e.g. `library/alpine`. */
  repository: string;
  tag?: string;
  digest?: string;
}

export const DOCKER_HUB = 'docker.io';
const MAX_NAME = 255;

// distribution/reference: path-component := [a-z0-9]+ (separator [a-z0-9]+)*, separator := [_.]|__|[-]+
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DOMAIN_COMPONENT = /^(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])$/;

function validHost(host: string): boolean {
  let name = host;
  let port: string | undefined;
  if (host.startsWith('[')) {
    const end = host.indexOf(']');
    if (end < 0) return false;
    const v6 = host.slice(1, end);
    if (!/^[0-9a-fA-F:.]+$/.test(v6) || !v6.includes(':')) return false;
    const rest = host.slice(end + 1);
    if (rest === '') return true;
    if (!rest.startsWith(':')) return false;
    port = rest.slice(1);
    return /^\d{1,5}$/.test(port) && Number(port) <= 65535;
  }
  const colon = host.lastIndexOf(':');
  if (colon >= 0) {
    name = host.slice(0, colon);
    port = host.slice(colon + 1);
    if (!/^\d{1,5}$/.test(port) || Number(port) > 65535) return false;
  }
  return name.split('.').every((c) => DOMAIN_COMPONENT.test(c));
}

/** Parse and normalise; null when `text` is not a valid reference. */
export function tryParseReference(text: string): ImageReference | null {
  if (typeof text !== 'string' || text.length === 0 || text.length > 1024 || /\s/.test(text)) return null;
  let rest = text;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!parseDigest(digest)) return null;
  }
  // A tag follows the last ':' after the last '/', so a registry port is not taken for a tag.
  let tag: string | undefined;
  const slash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  if (colon > slash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) return null;
  }
  let registry = DOCKER_HUB;
  let path = rest;
  const first = rest.indexOf('/');
  if (first >= 0) {
    const head = rest.slice(0, first);
    // Docker's rule: the first component is a host when it has a '.' or ':', is localhost, or has upper case.
    if (/[.:]/.test(head) || head === 'localhost' || head !== head.toLowerCase() || head.startsWith('[')) {
      if (!validHost(head)) return null;
      registry = head;
      path = rest.slice(first + 1);
    }
  }
  if (registry === 'index.docker.io' || registry === 'registry-1.docker.io') registry = DOCKER_HUB;
  if (path === '' || !path.split('/').every((c) => PATH_COMPONENT.test(c))) return null;
  if (registry === DOCKER_HUB && !path.includes('/')) path = `library/${path}`;
  if (`${registry}/${path}`.length > MAX_NAME) return null;
  if (!tag && !digest) tag = 'latest';
  return { registry, repository: path, ...(tag ? { tag } : {}), ...(digest ? { digest } : {}) };
}

export function parseReference(text: string): ImageReference {
  const ref = tryParseReference(text);
  if (!ref) {
    throw new BulwarkError(
      'USAGE',
      `${JSON.stringify(text.slice(0, 300))} is not a valid image reference; use [host[:port]/]repo[:tag][@sha256:…]`,
    );
  }
  return ref;
}

/** `registry/repository[:tag][@digest]`. */
export function formatReference(ref: ImageReference): string {
  return `${ref.registry}/${ref.repository}${ref.tag ? `:${ref.tag}` : ''}${ref.digest ? `@${ref.digest}` : ''}`;
}

/** Short, familiar form: `alpine:3.19` for Docker Hub library images, else the full form. */
export function familiarReference(ref: ImageReference): string {
  let name = `${ref.registry}/${ref.repository}`;
  if (ref.registry === DOCKER_HUB) {
    name = ref.repository.startsWith('library/') ? ref.repository.slice(8) : ref.repository;
  }
  return `${name}${ref.tag ? `:${ref.tag}` : ''}${ref.digest ? `@${ref.digest}` : ''}`;
}

/** Do two references name the same repository and tag (after normalisation)? */
export function sameReference(a: string, b: string): boolean {
  if (a === b) return true;
  const ra = tryParseReference(a);
  const rb = tryParseReference(b);
  return !!ra && !!rb && formatReference(ra) === formatReference(rb);
}

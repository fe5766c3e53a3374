// Container image references as Docker and Kubernetes write them: [registry/]repo[:tag][@digest].
// ref: distribution/reference grammar (reference.go). Tag is what follows the last ':' after the
// last '/'; a digest follows '@'.

export interface ImageRef {
  name: string;
  tag?: string;
  digest?: string;
}

export function parseImageRef(ref: string): ImageRef {
  let rest = ref.trim();
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  const slash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  let tag: string | undefined;
  if (colon > slash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  return { name: rest, ...(tag !== undefined ? { tag } : {}), ...(digest !== undefined ? { digest } : {}) };
}

export function isPinnedByDigest(ref: ImageRef): boolean {
  return ref.digest !== undefined && /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-fA-F0-9]{32,}$/.test(ref.digest);
}

// Split an image reference into repository, tag and digest, as Falco's container.image.* fields do.
// ref: distribution/reference grammar: [registry[:port]/]path[:tag][@digest].

export interface ImageRef {
  repository: string;
  tag: string | null;
  digest: string | null;
}

export function splitImageRef(ref: string): ImageRef {
  let rest = ref.trim();
  let digest: string | null = null;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1) || null;
    rest = rest.slice(0, at);
  }
  let tag: string | null = null;
  const colon = rest.lastIndexOf(':');
  // A colon before the last slash belongs to a registry port, not a tag.
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1) || null;
    rest = rest.slice(0, colon);
  }
  return { repository: rest, tag, digest };
}

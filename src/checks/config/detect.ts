// Which files `bulwark config` reads, by name: Dockerfiles (Dockerfile, Containerfile, *.Dockerfile,
// Dockerfile.*) and YAML/JSON. What a YAML/JSON document is (Kubernetes, Compose, OCI runtime
// config) is decided per document by its content.
import { basename } from 'node:path';

export type FileKind = 'dockerfile' | 'yaml';

export function fileKind(path: string): FileKind | null {
  const name = basename(path);
  const lower = name.toLowerCase();
  if (
    /^(dockerfile|containerfile)([._-].*)?$/.test(lower) ||
    lower.endsWith('.dockerfile') ||
    lower.endsWith('.containerfile')
  ) {
    return 'dockerfile';
  }
  if (/\.(ya?ml|json)$/.test(lower)) return 'yaml';
  return null;
}

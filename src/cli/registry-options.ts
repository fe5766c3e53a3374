// Options every registry-facing command shares (cosign's names): --insecure, --registry-username/
// --registry-password (or BULWARK_REGISTRY_USERNAME/_PASSWORD), --signature-repository (COSIGN_REPOSITORY),
// and turning them into a RegistryClient. Loaded lazily by the commands that talk to registries.
import type { Command } from 'commander';
import { BulwarkError } from '../core/errors.js';
import type { RegistryClient } from '../image/registry/client.js';
import type { ManifestRef, RepoRef } from '../image/registry/types.js';

export interface RegistryCliOptions {
  insecure?: boolean;
  registryUsername?: string;
  registryPassword?: string;
  signatureRepository?: string;
}

export function addRegistryOptions(cmd: Command): Command {
  return cmd
    .option('--insecure', 'allow plain HTTP and unverified TLS for non-loopback registries', false)
    .option('--registry-username <user>', 'registry user (default: Docker config / credential helpers)')
    .option('--registry-password <password>', 'registry password (prefer BULWARK_REGISTRY_PASSWORD)')
    .option(
      '--signature-repository <repo>',
      'repository for .sig/.att tags (default $COSIGN_REPOSITORY or the image repository)',
    );
}

export async function registryClient(opts: RegistryCliOptions): Promise<RegistryClient> {
  const { RegistryClient } = await import('../image/registry/client.js');
  const creds = registryCredentials(opts);
  return new RegistryClient({
    insecure: opts.insecure ?? false,
    ...(creds
      ? {
          credentials: {
            credential: { kind: 'basic', ...creds },
            source: `user ${creds.username} from the command line`,
          },
        }
      : {}),
    ...(process.env.BULWARK_DEBUG
      ? { debug: (line: string) => process.stderr.write(`bulwark: registry: ${line}\n`) }
      : {}),
  });
}

/** --registry-username/--registry-password (or BULWARK_REGISTRY_USERNAME/_PASSWORD); both or neither. */
export function registryCredentials(
  opts: RegistryCliOptions,
): { username: string; password: string } | undefined {
  const username = opts.registryUsername ?? process.env.BULWARK_REGISTRY_USERNAME;
  const password = opts.registryPassword ?? process.env.BULWARK_REGISTRY_PASSWORD;
  if ((username === undefined) !== (password === undefined)) {
    throw new BulwarkError('USAGE', 'pass both --registry-username and --registry-password (or neither)');
  }
  return username !== undefined && password !== undefined ? { username, password } : undefined;
}

/** Parse an image reference as Docker does (`alpine` → docker.io/library/alpine:latest); `docker://` allowed. */
export async function parseImageRef(text: string): Promise<ManifestRef> {
  const { parseReference } = await import('../image/reference.js');
  return parseReference(text.replace(/^docker:\/\//, ''));
}

export function signatureRepo(opts: RegistryCliOptions, image: ManifestRef): RepoRef | undefined {
  const text = opts.signatureRepository ?? process.env.COSIGN_REPOSITORY;
  if (!text) return undefined;
  const slash = text.indexOf('/');
  if (slash <= 0) throw new BulwarkError('USAGE', `signature repository "${text}" must be host[:port]/repo`);
  const repo = { registry: text.slice(0, slash), repository: text.slice(slash + 1) };
  void image;
  return repo;
}

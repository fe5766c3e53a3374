// Registry credentials: explicit ones, then Docker's config.json (credHelpers, credsStore, auths), then
// containers-auth.json (REGISTRY_AUTH_FILE, as skopeo/podman use). Secrets never appear in messages: a
// credential is described by where it came from and its user name.
// ref: docker/cli cli/config/configfile/file.go (GetAuthConfig), docker-credential-helpers protocol.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { BulwarkError } from '../../../core/errors.js';

export type Credential =
  | { kind: 'basic'; username: string; password: string }
  /** OAuth2 refresh token from `docker login` against token services that issue one. */
  | { kind: 'identity-token'; username?: string; token: string }
  /** A bearer token to send as is. */
  | { kind: 'registry-token'; token: string };

export interface ResolvedCredential {
  credential: Credential;
  /** Where it came from, without secrets: e.g. `user alice from /root/.docker/config.json`. */
  source: string;
}

export interface CredentialLookupOptions {
  /** Directory holding config.json; default $DOCKER_CONFIG or ~/.docker. */
  dockerConfigDir?: string;
  env?: NodeJS.ProcessEnv;
  /** Timeout for a credential helper process. */
  helperTimeoutMs?: number;
}

export interface CredentialLookup {
  found: ResolvedCredential | null;
  /** Every place consulted, for the "how to log in" message when authentication fails. */
  tried: string[];
}

const DOCKER_HUB_KEY = 'https://index.docker.io/v1/';
const DOCKER_HUB_HOSTS = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);

/** The key Docker uses for a registry in config.json and for credential helpers. */
export function configKey(registry: string): string {
  return DOCKER_HUB_HOSTS.has(registry) ? DOCKER_HUB_KEY : registry;
}

/** docker/cli's ConvertToHostname: strip scheme and path from a config.json key. */
export function keyHost(key: string): string {
  let k = key;
  if (k.startsWith('http://')) k = k.slice(7);
  else if (k.startsWith('https://')) k = k.slice(8);
  const host = k.split('/')[0] ?? k;
  return DOCKER_HUB_HOSTS.has(host) ? 'docker.io' : host;
}

interface DockerConfigFile {
  auths?: Record<
    string,
    { auth?: string; username?: string; password?: string; identitytoken?: string; registrytoken?: string }
  >;
  credsStore?: string;
  credHelpers?: Record<string, string>;
}

function readConfig(path: string): DockerConfigFile | null {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return null;
  }
  try {
    const parsed = JSON.parse(text) as unknown;
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      throw new Error('not an object');
    return parsed as DockerConfigFile;
  } catch (err) {
    throw new BulwarkError(
      'INVALID_INPUT',
      `${path} is not valid JSON (${(err as Error).message}); fix it or point DOCKER_CONFIG elsewhere`,
      { cause: err },
    );
  }
}

function fromAuthEntry(
  entry: NonNullable<DockerConfigFile['auths']>[string],
  file: string,
): ResolvedCredential | null {
  if (typeof entry !== 'object' || entry === null) return null;
  let username = typeof entry.username === 'string' ? entry.username : '';
  let password = typeof entry.password === 'string' ? entry.password : '';
  if (typeof entry.auth === 'string' && entry.auth) {
    const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) {
      throw new BulwarkError(
        'INVALID_INPUT',
        `${file}: an "auth" entry is not base64 of user:password; run docker login again`,
      );
    }
    username = decoded.slice(0, colon);
    password = decoded.slice(colon + 1);
  }
  if (typeof entry.identitytoken === 'string' && entry.identitytoken) {
    return {
      credential: { kind: 'identity-token', username, token: entry.identitytoken },
      source: `identity token${username ? ` of ${username}` : ''} from ${file}`,
    };
  }
  if (typeof entry.registrytoken === 'string' && entry.registrytoken) {
    return {
      credential: { kind: 'registry-token', token: entry.registrytoken },
      source: `registry token from ${file}`,
    };
  }
  if (username || password) {
    return { credential: { kind: 'basic', username, password }, source: `user ${username} from ${file}` };
  }
  return null;
}

/** Run `docker-credential-<name> get` with the server URL on stdin. Null when it has no entry. */
export async function runCredentialHelper(
  name: string,
  serverUrl: string,
  timeoutMs = 10_000,
): Promise<{ credential: Credential | null; note: string }> {
  if (!/^[A-Za-z0-9._-]+$/.test(name)) {
    return { credential: null, note: `credential helper "${name}" has an invalid name (ignored)` };
  }
  const bin = `docker-credential-${name}`;
  return new Promise((resolve) => {
    let stdout = '';
    let stderr = '';
    let settled = false;
    const done = (v: { credential: Credential | null; note: string }): void => {
      if (!settled) {
        settled = true;
        clearTimeout(timer);
        resolve(v);
      }
    };
    const child = spawn(bin, ['get'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      done({ credential: null, note: `${bin} timed out after ${timeoutMs} ms` });
    }, timeoutMs);
    child.on('error', () => done({ credential: null, note: `${bin} (not installed)` }));
    child.stdout.on('data', (d: Buffer) => {
      if (stdout.length < 1024 * 1024) stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      if (stderr.length < 4096) stderr += d.toString();
    });
    child.stdin.on('error', () => {});
    child.stdin.end(serverUrl);
    child.on('close', (code) => {
      if (code !== 0) {
        // "credentials not found in native keychain" is the helpers' normal miss; stdout carries the reason.
        const reason = (stdout || stderr).trim().split('\n')[0]?.slice(0, 200) ?? '';
        done({ credential: null, note: `${bin} (no entry${reason ? `: ${reason}` : ''})` });
        return;
      }
      try {
        const r = JSON.parse(stdout) as { Username?: string; Secret?: string };
        const username = r.Username ?? '';
        const secret = r.Secret ?? '';
        if (!secret) {
          done({ credential: null, note: `${bin} (empty secret)` });
          return;
        }
        // docker/cli: the user name "<token>" marks an identity token.
        const credential: Credential =
          username === '<token>'
            ? { kind: 'identity-token', token: secret }
            : { kind: 'basic', username, password: secret };
        done({ credential, note: `${bin}` });
      } catch {
        done({ credential: null, note: `${bin} (unreadable output)` });
      }
    });
  });
}

/** Find credentials for `registry` (host[:port]) the way the Docker CLI does. */
export async function lookupCredentials(
  registry: string,
  opts: CredentialLookupOptions = {},
): Promise<CredentialLookup> {
  const env = opts.env ?? process.env;
  const tried: string[] = [];
  const dir = opts.dockerConfigDir ?? env.DOCKER_CONFIG ?? join(homedir(), '.docker');
  const file = join(dir, 'config.json');
  const cfg = readConfig(file);
  const key = configKey(registry);
  const host = keyHost(registry);
  if (cfg) {
    const helper =
      cfg.credHelpers && typeof cfg.credHelpers === 'object'
        ? (cfg.credHelpers[key] ?? cfg.credHelpers[registry])
        : undefined;
    const store =
      helper ?? (typeof cfg.credsStore === 'string' && cfg.credsStore ? cfg.credsStore : undefined);
    if (typeof store === 'string') {
      const r = await runCredentialHelper(store, key, opts.helperTimeoutMs);
      tried.push(`credential helper ${r.note}`);
      if (r.credential) {
        const who =
          r.credential.kind === 'basic' ? `user ${r.credential.username} from ` : 'identity token from ';
        return { found: { credential: r.credential, source: `${who}docker-credential-${store}` }, tried };
      }
    }
    const auths = cfg.auths && typeof cfg.auths === 'object' ? cfg.auths : {};
    // Exact key first, then any key whose host part matches (https://host/v1/, http://host …).
    const keys = Object.keys(auths);
    const match = keys.find((k) => k === key) ?? keys.find((k) => keyHost(k) === host);
    if (match !== undefined) {
      const found = fromAuthEntry(auths[match]!, file);
      if (found) return { found, tried: [...tried, found.source] };
    }
    tried.push(`${file} (no entry for ${registry})`);
  } else {
    tried.push(`${file} (absent)`);
  }
  const authFile = env.REGISTRY_AUTH_FILE;
  if (authFile) {
    const extra = readConfig(authFile);
    const auths = extra?.auths && typeof extra.auths === 'object' ? extra.auths : {};
    const match = Object.keys(auths).find((k) => keyHost(k) === host);
    if (match !== undefined) {
      const found = fromAuthEntry(auths[match]!, authFile);
      if (found) return { found, tried: [...tried, found.source] };
    }
    tried.push(`${authFile} (no entry for ${registry})`);
  }
  return { found: null, tried };
}

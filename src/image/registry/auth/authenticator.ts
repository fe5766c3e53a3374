// Answers registry challenges: anonymous, Basic, and Bearer tokens from the registry's token service,
// cached per registry and scope set until shortly before they expire.
// ref: distribution docs/spec/auth/token.md (GET realm?service&scope), oauth.md (POST refresh_token grant),
// RFC 6750. Secrets never reach messages or logs.
import { BulwarkError } from '../../../core/errors.js';
import { header, readLimited, type Http } from '../http.js';
import type { Challenge } from './challenge.js';
import {
  lookupCredentials,
  type CredentialLookup,
  type CredentialLookupOptions,
  type ResolvedCredential,
} from './credentials.js';
import { mergeScopes, scopesCover } from './scope.js';

export interface AuthenticatorOptions {
  http: Http;
  /** Credentials given explicitly (flags/environment); they win over config files. */
  explicit?: ResolvedCredential;
  /** Do not read Docker's config or run helpers (anonymous unless `explicit`). */
  noConfig?: boolean;
  lookup?: CredentialLookupOptions;
  /** May credentials or tokens travel to this URL (plain HTTP only to loopback or insecure registries)? */
  mayUseUrl: (url: URL) => boolean;
  /** Whether TLS verification is skipped for this URL's host. */
  insecureFor: (host: string) => boolean;
  maxResponseBytes: number;
}

interface CachedToken {
  token: string;
  scopes: string[];
  expiresAt: number;
}

const MIN_TOKEN_LIFETIME_S = 60; // token.md: "If omitted, a default of 60 seconds should be assumed".
const EXPIRY_MARGIN_MS = 10_000;

export class Authenticator {
  private readonly challenges = new Map<string, Challenge>();
  private readonly tokens = new Map<string, CachedToken[]>();
  private readonly inflight = new Map<string, Promise<CachedToken>>();
  private readonly credentials = new Map<string, Promise<CredentialLookup>>();

  constructor(private readonly opts: AuthenticatorOptions) {}

  /** The Authorization header to send pre-emptively, once the registry's challenge is known. */
  async authorization(registry: string, scopes: string[]): Promise<string | undefined> {
    const challenge = this.challenges.get(registry);
    if (!challenge) return undefined;
    if (challenge.scheme === 'basic') {
      const cred = await this.credentialFor(registry);
      if (cred?.credential.kind !== 'basic') return undefined;
      return `Basic ${Buffer.from(`${cred.credential.username}:${cred.credential.password}`).toString('base64')}`;
    }
    const token = await this.token(registry, challenge, scopes);
    return `Bearer ${token.token}`;
  }

  /**
   * Record the challenges of a 401. Returns true when a retry can succeed with different credentials or a
   * new token; false when there is nothing more to try (e.g. Basic without credentials).
   */
  async learn(registry: string, challenges: Challenge[], scopes: string[]): Promise<boolean> {
    const bearer = challenges.find((c) => c.scheme === 'bearer' && c.params.realm);
    const basic = challenges.find((c) => c.scheme === 'basic');
    const chosen = bearer ?? basic;
    if (!chosen) return false;
    const previous = this.challenges.get(registry);
    this.challenges.set(registry, chosen);
    if (chosen.scheme === 'bearer') {
      // A cached token that produced this 401 is stale or too narrow: drop tokens for these scopes.
      const wanted = mergeScopes([...scopes, ...(chosen.params.scope ? chosen.params.scope.split(' ') : [])]);
      this.tokens.set(
        registry,
        (this.tokens.get(registry) ?? []).filter((t) => !scopesCover(t.scopes, wanted)),
      );
      return true;
    }
    const cred = await this.credentialFor(registry);
    // Basic: a retry helps only if we did not already send these credentials.
    return cred?.credential.kind === 'basic' && previous?.scheme !== 'basic';
  }

  /** Describe which credentials were tried, for REGISTRY_AUTH messages (no secrets). */
  async describe(registry: string): Promise<string> {
    const lookup = await this.lookup(registry);
    const used = lookup.found ? `used ${lookup.found.source}` : 'no credentials found (anonymous)';
    return `${used}; looked in: ${lookup.tried.join(', ') || 'nothing'}`;
  }

  private async credentialFor(registry: string): Promise<ResolvedCredential | null> {
    return (await this.lookup(registry)).found;
  }

  private lookup(registry: string): Promise<CredentialLookup> {
    let p = this.credentials.get(registry);
    if (!p) {
      if (this.opts.explicit) {
        p = Promise.resolve({ found: this.opts.explicit, tried: [this.opts.explicit.source] });
      } else if (this.opts.noConfig) {
        p = Promise.resolve({ found: null, tried: [] });
      } else {
        p = lookupCredentials(registry, this.opts.lookup);
      }
      this.credentials.set(registry, p);
    }
    return p;
  }

  private async token(registry: string, challenge: Challenge, scopes: string[]): Promise<CachedToken> {
    const wanted = mergeScopes([
      ...scopes,
      ...(challenge.params.scope ? challenge.params.scope.split(' ') : []),
    ]);
    const now = Date.now();
    const cached = (this.tokens.get(registry) ?? []).find(
      (t) => t.expiresAt > now && scopesCover(t.scopes, wanted),
    );
    if (cached) return cached;
    const key = `${registry} ${wanted.join(' ')}`;
    let p = this.inflight.get(key);
    if (!p) {
      p = this.fetchToken(registry, challenge, wanted).finally(() => this.inflight.delete(key));
      this.inflight.set(key, p);
    }
    const token = await p;
    const list = (this.tokens.get(registry) ?? []).filter((t) => t.expiresAt > now);
    list.push(token);
    this.tokens.set(registry, list.slice(-32));
    return token;
  }

  private async fetchToken(registry: string, challenge: Challenge, scopes: string[]): Promise<CachedToken> {
    let realm: URL;
    try {
      realm = new URL(challenge.params.realm ?? '');
      if (realm.protocol !== 'https:' && realm.protocol !== 'http:') throw new Error('not http(s)');
    } catch {
      throw new BulwarkError(
        'REGISTRY_ERROR',
        `${registry} sent a Bearer challenge without a usable realm URL`,
      );
    }
    const cred = await this.credentialFor(registry);
    if (cred && !this.opts.mayUseUrl(realm)) {
      throw new BulwarkError(
        'REGISTRY_AUTH',
        `refusing to send credentials for ${registry} to ${realm.origin} over plain HTTP; pass --insecure if you trust this network`,
      );
    }
    const service = challenge.params.service;
    const headers: Record<string, string> = { 'user-agent': 'bulwark', accept: 'application/json' };
    let method: 'GET' | 'POST' = 'GET';
    let body: string | undefined;
    const url = new URL(realm);
    if (cred?.credential.kind === 'identity-token') {
      // ref: distribution docs/spec/auth/oauth.md — refresh token grant, scopes space-separated.
      method = 'POST';
      headers['content-type'] = 'application/x-www-form-urlencoded';
      const form = new URLSearchParams({
        grant_type: 'refresh_token',
        client_id: 'bulwark',
        refresh_token: cred.credential.token,
      });
      if (service) form.set('service', service);
      if (scopes.length) form.set('scope', scopes.join(' '));
      body = form.toString();
    } else {
      if (service) url.searchParams.set('service', service);
      for (const s of scopes) url.searchParams.append('scope', s);
      if (cred?.credential.kind === 'basic') {
        const { username, password } = cred.credential;
        headers.authorization = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
        url.searchParams.set('account', username);
      } else if (cred?.credential.kind === 'registry-token') {
        return { token: cred.credential.token, scopes, expiresAt: Date.now() + MIN_TOKEN_LIFETIME_S * 1000 };
      }
    }
    const res = await this.opts.http.send(
      { method, url: url.toString(), headers, body, maxRedirects: 3 },
      this.opts.insecureFor(url.host),
    );
    const bytes = await readLimited(res, this.opts.maxResponseBytes, `token service ${url.host}`);
    if (res.status === 401 || res.status === 403) {
      throw new BulwarkError(
        'REGISTRY_AUTH',
        `token service ${url.origin} refused access to ${scopes.join(' ') || registry} (${res.status}); ${await this.describe(registry)}; run docker login ${registry} or pass --registry-username/--registry-password`,
      );
    }
    if (res.status !== 200) {
      throw new BulwarkError(
        'REGISTRY_ERROR',
        `token service ${url.origin} answered ${res.status}; try again later`,
      );
    }
    let parsed: { token?: unknown; access_token?: unknown; expires_in?: unknown; issued_at?: unknown };
    try {
      parsed = JSON.parse(bytes.toString('utf8')) as typeof parsed;
    } catch {
      throw new BulwarkError(
        'REGISTRY_ERROR',
        `token service ${url.origin} sent invalid JSON (${header(res.headers, 'content-type') ?? 'no content type'})`,
      );
    }
    const token = typeof parsed.token === 'string' && parsed.token ? parsed.token : parsed.access_token;
    if (typeof token !== 'string' || !token) {
      throw new BulwarkError('REGISTRY_ERROR', `token service ${url.origin} sent no token`);
    }
    const lifetime = Math.max(
      MIN_TOKEN_LIFETIME_S,
      typeof parsed.expires_in === 'number' ? parsed.expires_in : 0,
    );
    const issued = typeof parsed.issued_at === 'string' ? Date.parse(parsed.issued_at) : NaN;
    // Trust our own clock when the server's issued_at is in the future or unparseable.
    const start = Number.isFinite(issued) && issued <= Date.now() ? issued : Date.now();
    return { token, scopes, expiresAt: start + lifetime * 1000 - EXPIRY_MARGIN_MS };
  }
}

// One authenticated, retried request to a registry. Everything the client does goes through `call`:
// scheme choice, Authorization (pre-emptive once a challenge is known, else on 401), backoff on 429/5xx and
// transient network failures, and the mapping of failures to error codes.
import { setTimeout as sleep } from 'node:timers/promises';
import { BulwarkError, type ErrorCode } from '../../core/errors.js';
import { Authenticator } from './auth/authenticator.js';
import { parseChallenges } from './auth/challenge.js';
import type { CredentialLookupOptions, ResolvedCredential } from './auth/credentials.js';
import { apiHost, isLoopback } from './endpoint.js';
import { parseErrorBody, registryError } from './errors.js';
import {
  discard,
  header,
  Http,
  isTlsError,
  isTransientNetworkError,
  readLimited,
  type HttpBody,
  type HttpResponse,
} from './http.js';
import { DEFAULT_REGISTRY_LIMITS, type RegistryLimits } from './types.js';

export interface TransportOptions {
  /** Allow plain HTTP and unverified TLS for non-loopback registries (all, or the listed hosts). */
  insecure?: boolean | string[];
  /** Explicit credentials (e.g. --registry-username/--registry-password); win over Docker's config. */
  credentials?: ResolvedCredential;
  /** Do not consult Docker's config.json or credential helpers. */
  anonymous?: boolean;
  credentialLookup?: CredentialLookupOptions;
  /** Extra CA certificates (PEM) to trust. NODE_EXTRA_CA_CERTS works too. */
  ca?: string | Buffer;
  /** Attempts after the first for 429/5xx and transient network errors. */
  retries?: number;
  /** Base delay for exponential backoff (ms). */
  retryBaseMs?: number;
  /** Upper bound for one wait, including a server's Retry-After (ms). */
  retryMaxMs?: number;
  connectTimeoutMs?: number;
  headersTimeoutMs?: number;
  bodyTimeoutMs?: number;
  limits?: Partial<RegistryLimits>;
  userAgent?: string;
  /** Debug sink: one line per request, with query strings and credentials removed. */
  debug?: (line: string) => void;
}

export interface RegistryCall {
  registry: string;
  method: 'GET' | 'HEAD' | 'PUT' | 'POST' | 'PATCH' | 'DELETE';
  /** Path under the registry (`/v2/...`) or an absolute URL (upload locations, Link headers). */
  path: string;
  query?: Record<string, string | undefined>;
  headers?: Record<string, string>;
  body?: HttpBody;
  /** Token scopes the call needs, e.g. `repository:library/alpine:pull`. */
  scopes: string[];
  /** Status codes handed back to the caller; any other status is an error. */
  expect: number[];
  /** What the call does, for messages: `fetch manifest 127.0.0.1:5000/app:1`. */
  what: string;
  /** Code for an unexpected 404. */
  notFound?: ErrorCode;
  maxRedirects?: number;
}

const RETRY_STATUS = new Set([429, 500, 502, 503, 504]);

export class RegistryTransport {
  readonly http: Http;
  readonly limits: RegistryLimits;
  private readonly auth: Authenticator;
  private readonly schemes = new Map<string, 'http' | 'https'>();

  constructor(private readonly opts: TransportOptions = {}) {
    this.http = new Http({
      ...(opts.ca ? { ca: opts.ca } : {}),
      ...(opts.connectTimeoutMs ? { connectTimeoutMs: opts.connectTimeoutMs } : {}),
      ...(opts.headersTimeoutMs ? { headersTimeoutMs: opts.headersTimeoutMs } : {}),
      ...(opts.bodyTimeoutMs ? { bodyTimeoutMs: opts.bodyTimeoutMs } : {}),
    });
    this.limits = { ...DEFAULT_REGISTRY_LIMITS, ...(opts.limits ?? {}) };
    this.auth = new Authenticator({
      http: this.http,
      ...(opts.credentials ? { explicit: opts.credentials } : {}),
      ...(opts.anonymous ? { noConfig: true } : {}),
      ...(opts.credentialLookup ? { lookup: opts.credentialLookup } : {}),
      mayUseUrl: (url) => url.protocol === 'https:' || isLoopback(url.host) || this.isInsecure(url.host),
      insecureFor: (host) => this.isInsecure(host),
      maxResponseBytes: this.limits.maxSmallBytes,
    });
  }

  isInsecure(registry: string): boolean {
    const i = this.opts.insecure;
    return i === true || (Array.isArray(i) && i.includes(registry));
  }

  /** Base URL for a registry, e.g. `http://127.0.0.1:5000`. */
  baseUrl(registry: string): string {
    const scheme = this.schemes.get(registry) ?? (isLoopback(registry) ? 'http' : 'https');
    return `${scheme}://${apiHost(registry)}`;
  }

  async close(): Promise<void> {
    await this.http.close();
  }

  async call(c: RegistryCall): Promise<HttpResponse> {
    const retries = this.opts.retries ?? 3;
    const replayable = c.body === undefined || typeof c.body === 'string' || Buffer.isBuffer(c.body);
    let authRetried = false;
    for (let attempt = 0; ; attempt++) {
      const url = this.url(c);
      const headers: Record<string, string> = {
        'user-agent': this.opts.userAgent ?? 'bulwark',
        ...(c.headers ?? {}),
      };
      // Credentials go only to the registry's own origin, never to an absolute Location elsewhere.
      const sameOrigin = new URL(url).origin === new URL(this.baseUrl(c.registry)).origin;
      const authz = sameOrigin ? await this.auth.authorization(c.registry, c.scopes) : undefined;
      if (authz) {
        if (!this.mayCarryCredentials(url)) {
          throw new BulwarkError(
            'REGISTRY_AUTH',
            `refusing to send credentials to ${c.registry} over plain HTTP; use HTTPS or pass --insecure`,
          );
        }
        headers.authorization = authz;
      }
      let res: HttpResponse;
      try {
        res = await this.http.send(
          { method: c.method, url, headers, body: c.body, maxRedirects: c.maxRedirects ?? 0 },
          this.isInsecure(c.registry) || isLoopback(c.registry),
        );
      } catch (err) {
        if (this.shouldFallBackToHttp(c.registry, url, err)) {
          this.schemes.set(c.registry, 'http');
          this.debug(`${c.registry}: HTTPS failed, using plain HTTP (insecure registry)`);
          continue;
        }
        if (replayable && attempt < retries && isTransientNetworkError(err)) {
          await this.backoff(attempt, undefined, `${c.what}: ${(err as Error).message}`);
          continue;
        }
        throw err;
      }
      this.debug(`${c.method} ${redact(url)} → ${res.status}`);
      if (c.expect.includes(res.status)) return res;

      if (res.status === 401 && !authRetried && replayable) {
        const challenges = parseChallenges(res.headers['www-authenticate']);
        await discard(res);
        authRetried = true;
        if (await this.auth.learn(c.registry, challenges, c.scopes)) continue;
        throw await this.authError(c, 401);
      }
      if (res.status === 401 || res.status === 403) {
        await discard(res);
        throw await this.authError(c, res.status);
      }
      if (RETRY_STATUS.has(res.status) && replayable && attempt < retries) {
        const retryAfter = header(res.headers, 'retry-after');
        await discard(res);
        await this.backoff(attempt, retryAfter, `${c.what}: ${res.status}`);
        continue;
      }
      const body =
        c.method === 'HEAD'
          ? undefined
          : await readLimited(res, this.limits.maxSmallBytes, c.what).catch(() => undefined);
      throw registryError(res.status, parseErrorBody(body), c.what, c.notFound ?? 'REGISTRY_ERROR');
    }
  }

  private url(c: RegistryCall): string {
    const u = /^https?:\/\//.test(c.path) ? new URL(c.path) : new URL(c.path, this.baseUrl(c.registry));
    for (const [k, v] of Object.entries(c.query ?? {})) if (v !== undefined) u.searchParams.set(k, v);
    return u.toString();
  }

  private mayCarryCredentials(url: string): boolean {
    const u = new URL(url);
    return u.protocol === 'https:' || isLoopback(u.host) || this.isInsecure(u.host);
  }

  private shouldFallBackToHttp(registry: string, url: string, err: unknown): boolean {
    return (
      url.startsWith('https:') &&
      this.isInsecure(registry) &&
      !this.schemes.has(registry) &&
      (isTlsError(err) || isTransientNetworkError(err))
    );
  }

  private async authError(c: RegistryCall, status: number): Promise<BulwarkError> {
    const tried = await this.auth.describe(c.registry).catch(() => 'credentials unknown');
    const verb = status === 403 ? 'denied access' : 'requires authentication';
    return new BulwarkError(
      'REGISTRY_AUTH',
      `${c.what}: ${c.registry} ${verb} (${status}); ${tried}; log in with \`docker login ${c.registry}\` or pass --registry-username and --registry-password`,
    );
  }

  private async backoff(attempt: number, retryAfter: string | undefined, why: string): Promise<void> {
    const base = this.opts.retryBaseMs ?? 250;
    const max = this.opts.retryMaxMs ?? 10_000;
    let wait = base * 2 ** attempt * (0.5 + Math.random());
    if (retryAfter !== undefined) {
      const secs = Number(retryAfter);
      const at = Date.parse(retryAfter);
      if (Number.isFinite(secs)) wait = secs * 1000;
      else if (Number.isFinite(at)) wait = at - Date.now();
    }
    wait = Math.min(Math.max(wait, 0), max);
    this.debug(`retrying in ${Math.round(wait)} ms after ${why}`);
    await sleep(wait);
  }

  private debug(line: string): void {
    this.opts.debug?.(line);
  }
}

/** Drop query strings (upload state, presigned URL signatures) from URLs shown in logs. */
export function redact(url: string): string {
  const q = url.indexOf('?');
  return q < 0 ? url : `${url.slice(0, q)}?…`;
}

// Verification cache: answers by image digest and trust configuration, positive and negative, bounded.
// Why: admission re-verifies the same image for every container (kyverno#16657: 8 containers, 21 s) and
// has no negative cache (kyverno#9580). Positive answers live longer than negative ones, so a freshly
// signed image is accepted soon; both expire, so revocation (a deleted signature) takes effect in time.
// Keys include a fingerprint of everything that affects the answer (keys, threshold, identities, root,
// mode, predicate type); the digest is content-addressed, so a changed tag never hits a stale entry.
import { createHash } from 'node:crypto';
import type { ErrorCode } from '../../core/errors.js';
import type { TrustOptions, VerificationReport, VerifyMode } from './types.js';

export interface CacheOptions {
  maxEntries?: number;
  positiveTtlMs?: number;
  negativeTtlMs?: number;
  now?: () => number;
}

type Entry =
  | { ok: true; report: VerificationReport; expires: number }
  | { ok: false; code: ErrorCode; message: string; report?: VerificationReport; expires: number };

export class VerificationCache {
  private readonly entries = new Map<string, Entry>();
  private readonly max: number;
  private readonly positiveTtl: number;
  private readonly negativeTtl: number;
  private readonly now: () => number;
  hits = 0;
  misses = 0;

  constructor(opts: CacheOptions = {}) {
    this.max = opts.maxEntries ?? 10_000;
    this.positiveTtl = opts.positiveTtlMs ?? 5 * 60_000;
    this.negativeTtl = opts.negativeTtlMs ?? 30_000;
    this.now = opts.now ?? Date.now;
  }

  get size(): number {
    return this.entries.size;
  }

  static key(
    digest: string,
    mode: VerifyMode,
    predicateType: string | undefined,
    trust: TrustOptions,
    scope = '',
  ): string {
    const h = createHash('sha256');
    h.update(JSON.stringify([digest, mode, predicateType ?? '', scope, trust.threshold ?? 1]));
    h.update(JSON.stringify(trust.keys.map((k) => k.keyId).sort()));
    h.update(JSON.stringify(trust.identities ?? []));
    h.update(
      createHash('sha256')
        .update(trust.trustedRootJson ?? '')
        .digest('hex'),
    );
    if (trust.trustedRoot) h.update(JSON.stringify(trust.trustedRoot.root));
    if (trust.notation?.length) {
      h.update(
        JSON.stringify(trust.notation.map((n) => [n.name ?? '', n.trustPolicy, [...n.trustStore.keys()]])),
      );
    }
    return h.digest('hex');
  }

  get(key: string): Entry | undefined {
    const e = this.entries.get(key);
    if (!e || e.expires <= this.now()) {
      if (e) this.entries.delete(key);
      this.misses++;
      return undefined;
    }
    // Re-insert: Map keeps insertion order, so the oldest-used entry is first (LRU eviction).
    this.entries.delete(key);
    this.entries.set(key, e);
    this.hits++;
    return e;
  }

  setPositive(key: string, report: VerificationReport): void {
    this.put(key, { ok: true, report, expires: this.now() + this.positiveTtl });
  }

  setNegative(key: string, code: ErrorCode, message: string, report?: VerificationReport): void {
    this.put(key, {
      ok: false,
      code,
      message,
      ...(report ? { report } : {}),
      expires: this.now() + this.negativeTtl,
    });
  }

  private put(key: string, e: Entry): void {
    this.entries.delete(key);
    this.entries.set(key, e);
    while (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value as string);
  }
}

// Pure parts of verification: truncation detection, the decision and its error priority, the cache.
import { sign, generateKeyPairSync } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { VerificationCache } from './cache.js';
import { decide } from './decide.js';
import { isTruncatedDer } from './der.js';
import type { VerificationReport } from './types.js';

const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const der = sign('sha256', Buffer.from('x'), { key: privateKey, dsaEncoding: 'der' });

describe('isTruncatedDer', () => {
  it('a whole DER signature is not truncated; any proper prefix of length ≥ 2 is', () => {
    expect(isTruncatedDer(der)).toBe(false);
    for (let n = 2; n < der.length; n++) expect(isTruncatedDer(der.subarray(0, n))).toBe(true);
  });
  it.each([
    ['empty', Buffer.alloc(0), false],
    ['raw r||s', Buffer.alloc(64, 7), false],
    ['long form, cut', Buffer.from([0x30, 0x81, 0x90, 1, 2]), true],
    ['long form, whole', Buffer.concat([Buffer.from([0x30, 0x81, 0x03]), Buffer.alloc(3)]), false],
  ])('%s → %s', (_n, b, t) => {
    expect(isTruncatedDer(b)).toBe(t);
  });
  it('never throws', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), (a) => void isTruncatedDer(Buffer.from(a))));
  });
});

function report(over: Partial<VerificationReport>): VerificationReport {
  return {
    reference: 'r/x:1',
    digest: `sha256:${'a'.repeat(64)}`,
    mode: 'signature',
    discovery: [{ kind: 'cosign-signature', path: 'cosign-tag', tag: 't.sig', found: 0, absent: true }],
    verified: [],
    rejected: [],
    signers: [],
    threshold: 1,
    cached: false,
    ...over,
  };
}
const rej = (code: string) => ({
  kind: 'cosign-signature' as const,
  path: 'cosign-tag' as const,
  code: code as never,
  reason: code,
});

describe('decide', () => {
  it.each([
    ['nothing found', report({}), 'UNSIGNED'],
    [
      'bad and untrusted',
      report({ rejected: [rej('UNTRUSTED_IDENTITY'), rej('BAD_SIGNATURE')] }),
      'BAD_SIGNATURE',
    ],
    [
      'tampered beats bad',
      report({ rejected: [rej('BAD_SIGNATURE'), rej('DIGEST_MISMATCH')] }),
      'DIGEST_MISMATCH',
    ],
    [
      'an unreadable path beats unsigned',
      report({
        discovery: [
          {
            kind: 'sigstore-bundle',
            path: 'referrers-api',
            found: 0,
            error: { code: 'REGISTRY_ERROR', message: '429' },
          },
        ],
      }),
      'REGISTRY_ERROR',
    ],
    [
      'below threshold',
      report({ signers: ['key:a'], threshold: 2, rejected: [rej('BAD_SIGNATURE')] }),
      'UNTRUSTED_IDENTITY',
    ],
    [
      'below threshold with tampering',
      report({ signers: ['key:a'], threshold: 2, rejected: [rej('DIGEST_MISMATCH')] }),
      'DIGEST_MISMATCH',
    ],
  ])('%s → %s', (_n, r, code) => {
    expect(() => decide(r)).toThrow(expect.objectContaining({ code }));
  });

  it('accepts at the threshold even when other paths failed, and keeps their errors in the report', () => {
    const r = report({
      signers: ['key:a'],
      discovery: [
        {
          kind: 'sigstore-bundle',
          path: 'referrers-api',
          found: 0,
          error: { code: 'REGISTRY_ERROR', message: '429' },
        },
      ],
    });
    expect(decide(r)).toBe(r);
  });
});

describe('VerificationCache', () => {
  const trust = { keys: [], threshold: 1 };
  it('expires positive and negative entries at their own TTLs and evicts the least recently used', () => {
    let now = 0;
    const c = new VerificationCache({ maxEntries: 2, positiveTtlMs: 100, negativeTtlMs: 10, now: () => now });
    const k = (d: string) => VerificationCache.key(d, 'signature', undefined, trust);
    c.setPositive(k('a'), report({}));
    c.setNegative(k('b'), 'UNSIGNED', 'no');
    now = 11;
    expect(c.get(k('b'))).toBeUndefined();
    expect(c.get(k('a'))?.ok).toBe(true);
    c.setNegative(k('c'), 'UNSIGNED', 'no');
    c.setNegative(k('d'), 'UNSIGNED', 'no');
    expect(c.size).toBe(2);
    expect(c.get(k('a'))).toBeUndefined(); // evicted
    now = 200;
    expect(c.get(k('d'))).toBeUndefined();
  });
  it('keys differ by everything that changes the answer', () => {
    const base = VerificationCache.key('d', 'signature', undefined, trust);
    expect(VerificationCache.key('d', 'attestation', undefined, trust)).not.toBe(base);
    expect(VerificationCache.key('d', 'signature', undefined, { ...trust, threshold: 2 })).not.toBe(base);
    expect(VerificationCache.key('d', 'signature', undefined, { ...trust, trustedRootJson: '{}' })).not.toBe(
      base,
    );
    expect(VerificationCache.key('d', 'signature', 'spdx', trust)).not.toBe(base);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  familiarReference,
  formatReference,
  parseReference,
  sameReference,
  tryParseReference,
} from './reference.js';

const D = `sha256:${'a'.repeat(64)}`;

describe('tryParseReference', () => {
  it.each([
    ['alpine', 'docker.io', 'library/alpine', 'latest', undefined],
    ['alpine:3.19', 'docker.io', 'library/alpine', '3.19', undefined],
    ['library/alpine', 'docker.io', 'library/alpine', 'latest', undefined],
    ['docker.io/alpine', 'docker.io', 'library/alpine', 'latest', undefined],
    ['index.docker.io/library/alpine:edge', 'docker.io', 'library/alpine', 'edge', undefined],
    ['bitnami/redis:7', 'docker.io', 'bitnami/redis', '7', undefined],
    ['ghcr.io/owner/repo/sub:v1.2.3', 'ghcr.io', 'owner/repo/sub', 'v1.2.3', undefined],
    ['localhost/app', 'localhost', 'app', 'latest', undefined],
    ['localhost:5000/app:dev', 'localhost:5000', 'app', 'dev', undefined],
    ['127.0.0.1:41234/bookworm:latest', '127.0.0.1:41234', 'bookworm', 'latest', undefined],
    ['[::1]:5000/ns/app', '[::1]:5000', 'ns/app', 'latest', undefined],
    ['registry.example.com:443/a/b:t@' + D, 'registry.example.com:443', 'a/b', 't', D],
    ['quay.io/coreos/etcd@' + D, 'quay.io', 'coreos/etcd', undefined, D],
    ['alpine@' + D, 'docker.io', 'library/alpine', undefined, D],
    ['Registry.Example/app', 'Registry.Example', 'app', 'latest', undefined],
    ['my-reg_istry/app', 'docker.io', 'my-reg_istry/app', 'latest', undefined],
    ['a__b/c--d/e.f:T_1-x.y', 'docker.io', 'a__b/c--d/e.f', 'T_1-x.y', undefined],
  ])('%s', (text, registry, repository, tag, digest) => {
    const r = tryParseReference(text);
    expect(r).toEqual({ registry, repository, ...(tag ? { tag } : {}), ...(digest ? { digest } : {}) });
  });

  it.each([
    '',
    'Alpine',
    'alpine:',
    'alpine:-bad',
    'alpine@sha256:short',
    'alpine@md5:' + 'a'.repeat(32),
    'host:99999/app',
    'a//b',
    '/abs/path',
    'has space',
    'ends-with-/',
    'a/_b',
    'x:' + 't'.repeat(129),
    'r.io/' + 'a'.repeat(260),
  ])('rejects %j', (text) => {
    expect(tryParseReference(text)).toBeNull();
    if (text) expect(() => parseReference(text)).toThrow(expect.objectContaining({ code: 'USAGE' }));
  });

  it('formats canonical and familiar forms', () => {
    expect(formatReference(parseReference('alpine'))).toBe('docker.io/library/alpine:latest');
    expect(familiarReference(parseReference('docker.io/library/alpine:3'))).toBe('alpine:3');
    expect(familiarReference(parseReference('bitnami/redis'))).toBe('bitnami/redis:latest');
    expect(familiarReference(parseReference('127.0.0.1:5000/x@' + D))).toBe(`127.0.0.1:5000/x@${D}`);
    expect(sameReference('alpine:3.10', 'docker.io/library/alpine:3.10')).toBe(true);
    expect(sameReference('alpine:3.10', 'alpine:3.11')).toBe(false);
  });

  it('never throws, and what it accepts round-trips (property)', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ maxLength: 80 }), fc.stringMatching(/^[a-z0-9.:/@_-]{0,60}$/)),
        (s) => {
          const r = tryParseReference(s);
          if (r) {
            const again = tryParseReference(formatReference(r));
            expect(again).toEqual(r);
            expect(r.repository).toMatch(/^[a-z0-9._/-]+$/);
          }
        },
      ),
      { numRuns: 5000 },
    );
  });
});

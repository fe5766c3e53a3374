// Pure parsers of the registry client: digests, manifests, Link headers, platforms, names. Each has a
// property test that it never throws anything but a BulwarkError on hostile input.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BulwarkError } from '../../core/errors.js';
import { digestOf, digestTag, parseDigest, VerifyingStream } from './digest.js';
import { parseManifest } from './manifest-parse.js';
import { DOCKER_MANIFEST, DOCKER_MANIFEST_LIST, OCI_INDEX, OCI_MANIFEST } from './media-types.js';
import { isRepositoryName, isTag } from './names.js';
import { parsePlatform, platformMatches, selectPlatform } from './platform.js';
import { nextLink } from './tags.js';
import type { ImageIndex } from './types.js';

const D = digestOf('x');

describe('digests', () => {
  it.each([
    [D, true],
    [`sha512:${'a'.repeat(128)}`, true],
    [`sha256:${'A'.repeat(64)}`, false],
    [`sha256:${'a'.repeat(63)}`, false],
    [`md5:${'a'.repeat(32)}`, false],
    ['sha256:', false],
    [42, false],
  ])('parseDigest(%s) valid=%s', (v, ok) => {
    expect(parseDigest(v) !== null).toBe(ok);
  });

  it('digestTag uses the referrers/cosign form', () => {
    expect(digestTag(D)).toBe(`sha256-${D.slice(7)}`);
  });

  it('never throws on arbitrary strings', () => {
    fc.assert(fc.property(fc.string(), (s) => void parseDigest(s)));
  });

  it.each([
    ['right bytes', 'abc', digestOf('abc'), 3, null],
    ['wrong bytes', 'abd', digestOf('abc'), 3, 'DIGEST_MISMATCH'],
    ['short', 'ab', digestOf('abc'), 3, 'DIGEST_MISMATCH'],
    ['long', 'abcd', digestOf('abc'), 3, 'DIGEST_MISMATCH'],
  ])('VerifyingStream: %s', async (_n, data, digest, size, code) => {
    const s = new VerifyingStream(digest, 'test', size);
    const done = new Promise<string | null>((resolve) => {
      s.on('error', (e: BulwarkError) => resolve(e.code));
      s.on('finish', () => resolve(null));
      s.resume();
    });
    s.end(Buffer.from(data));
    expect(await done).toBe(code);
  });
});

const desc = { mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: D, size: 1 };
const manifestOf = (o: object): Buffer => Buffer.from(JSON.stringify(o));

describe('parseManifest', () => {
  it.each([
    [
      'OCI manifest',
      { schemaVersion: 2, mediaType: OCI_MANIFEST, config: desc, layers: [desc] },
      'manifest',
      OCI_MANIFEST,
    ],
    [
      'Docker manifest',
      { schemaVersion: 2, mediaType: DOCKER_MANIFEST, config: desc, layers: [] },
      'manifest',
      DOCKER_MANIFEST,
    ],
    [
      'OCI manifest without mediaType',
      { schemaVersion: 2, config: desc, layers: [] },
      'manifest',
      OCI_MANIFEST,
    ],
    ['OCI index', { schemaVersion: 2, mediaType: OCI_INDEX, manifests: [desc] }, 'index', OCI_INDEX],
    [
      'Docker list',
      { schemaVersion: 2, mediaType: DOCKER_MANIFEST_LIST, manifests: [] },
      'index',
      DOCKER_MANIFEST_LIST,
    ],
    ['index without mediaType', { schemaVersion: 2, manifests: [] }, 'index', OCI_INDEX],
  ])('%s', (_n, obj, kind, mediaType) => {
    const m = parseManifest(manifestOf(obj), D, undefined, 'm');
    expect(m.kind).toBe(kind);
    expect(m.mediaType).toBe(mediaType);
  });

  it.each([
    ['not JSON', Buffer.from('{'), 'INVALID_INPUT'],
    ['array', manifestOf([]), 'INVALID_INPUT'],
    ['schema 1', manifestOf({ schemaVersion: 1, fsLayers: [] }), 'UNSUPPORTED_MEDIA_TYPE'],
    ['schemaVersion 3', manifestOf({ schemaVersion: 3, config: desc, layers: [] }), 'INVALID_INPUT'],
    [
      'bad digest',
      manifestOf({ schemaVersion: 2, config: { ...desc, digest: 'sha256:zz' }, layers: [] }),
      'INVALID_INPUT',
    ],
    [
      'negative size',
      manifestOf({ schemaVersion: 2, config: { ...desc, size: -1 }, layers: [] }),
      'INVALID_INPUT',
    ],
    ['no layers', manifestOf({ schemaVersion: 2, config: desc }), 'INVALID_INPUT'],
    [
      'unknown type',
      manifestOf({ schemaVersion: 2, mediaType: 'application/x-evil', config: desc, layers: [] }),
      'UNSUPPORTED_MEDIA_TYPE',
    ],
    [
      'non-string annotation',
      manifestOf({ schemaVersion: 2, config: desc, layers: [], annotations: { a: 1 } }),
      'INVALID_INPUT',
    ],
  ])('%s → %s', (_n, bytes, code) => {
    expect(() => parseManifest(bytes, D, undefined, 'm')).toThrow(expect.objectContaining({ code }));
  });

  it('throws only BulwarkErrors on arbitrary JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        try {
          parseManifest(Buffer.from(JSON.stringify(v) ?? 'null'), D, undefined, 'm');
        } catch (err) {
          expect(err).toBeInstanceOf(BulwarkError);
        }
      }),
      { numRuns: 1000 },
    );
  });
});

describe('Link header', () => {
  it.each([
    ['</v2/a/tags/list?last=b&n=2>; rel="next"', '/v2/a/tags/list?last=b&n=2'],
    ['<https://r/x?n=1>; rel=next', 'https://r/x?n=1'],
    ['<a>; rel="prev", <b>; rel="next"', 'b'],
    ['<a>; rel="prev"', undefined],
    ['garbage', undefined],
    [undefined, undefined],
  ])('%s → %s', (link, next) => {
    expect(nextLink(link)).toBe(next);
  });

  it('never throws', () => {
    fc.assert(fc.property(fc.string(), (s) => void nextLink(s)));
  });
});

describe('platforms', () => {
  const index: ImageIndex = {
    schemaVersion: 2,
    manifests: [
      { ...desc, digest: digestOf('amd64'), platform: { os: 'linux', architecture: 'amd64' } },
      { ...desc, digest: digestOf('arm64'), platform: { os: 'linux', architecture: 'arm64', variant: 'v8' } },
      { ...desc, digest: digestOf('armv7'), platform: { os: 'linux', architecture: 'arm', variant: 'v7' } },
      { ...desc, digest: digestOf('att'), platform: { os: 'unknown', architecture: 'unknown' } },
    ],
  };
  it.each([
    ['linux/amd64', 'amd64'],
    ['linux/x86_64', 'amd64'],
    ['linux/arm64', 'arm64'],
    ['linux/aarch64', 'arm64'],
    ['linux/arm64/v8', 'arm64'],
    ['linux/arm', 'armv7'],
    ['linux/arm/v7', 'armv7'],
  ])('%s selects %s', (p, want) => {
    expect(selectPlatform(index, p).digest).toBe(digestOf(want));
  });

  it('lists offered platforms when none matches', () => {
    expect(() => selectPlatform(index, 'linux/s390x')).toThrow(
      /offers linux\/amd64, linux\/arm64\/v8, linux\/arm\/v7/,
    );
  });

  it.each(['linux', 'linux/amd64/v1/x', 'linux/../x', ''])('parsePlatform rejects %j', (p) => {
    expect(() => parsePlatform(p)).toThrow(expect.objectContaining({ code: 'USAGE' }));
  });

  it('arm/v6 does not match arm/v7', () => {
    expect(
      platformMatches(parsePlatform('linux/arm/v6'), { os: 'linux', architecture: 'arm', variant: 'v7' }),
    ).toBe(false);
  });
});

describe('names', () => {
  it.each([
    ['library/alpine', true],
    ['a/b-c/d_e.f', true],
    ['a__b', true],
    ['UPPER', false],
    ['../etc', false],
    ['a//b', false],
    ['a/', false],
    ['a?b', false],
  ])('repository %s → %s', (n, ok) => {
    expect(isRepositoryName(n)).toBe(ok);
  });

  it.each([
    ['latest', true],
    ['v1.2.3-rc_1', true],
    ['.hidden', false],
    ['a'.repeat(129), false],
    ['a/b', false],
  ])('tag %s → %s', (t, ok) => {
    expect(isTag(t)).toBe(ok);
  });
});

import { describe, expect, it } from 'vitest';
import { parseTarget, splitPath } from './target.js';

const files = new Set(['img.tar', '/data/x:y.tar', 'layout', 'valid-oci.tar', 'rootdir']);
const exists = (p: string): boolean => files.has(p);

describe('parseTarget', () => {
  it.each([
    ['img.tar', { kind: 'auto', path: 'img.tar' }],
    ['layout', { kind: 'auto', path: 'layout' }],
    ['docker-archive:img.tar', { kind: 'docker-archive', path: 'img.tar' }],
    ['docker-archive:img.tar:alpine:3.10', { kind: 'docker-archive', path: 'img.tar', ref: 'alpine:3.10' }],
    ['docker-archive:img.tar:@1', { kind: 'docker-archive', path: 'img.tar', ref: '@1' }],
    ['docker-archive:/data/x:y.tar', { kind: 'docker-archive', path: '/data/x:y.tar' }],
    ['oci:layout', { kind: 'oci-layout', path: 'layout' }],
    ['oci:layout:bookworm', { kind: 'oci-layout', path: 'layout', tag: 'bookworm' }],
    [
      'oci-archive:valid-oci.tar:sample:latest',
      { kind: 'oci-archive', path: 'valid-oci.tar', tag: 'sample:latest' },
    ],
    ['rootfs:rootdir', { kind: 'rootfs', path: 'rootdir' }],
  ])('%s', (text, want) => {
    expect(parseTarget(text, exists)).toEqual(want);
  });

  it.each([
    ['alpine', 'docker.io', 'library/alpine', 'latest'],
    ['docker://alpine:3', 'docker.io', 'library/alpine', '3'],
    ['127.0.0.1:5000/bookworm:latest', '127.0.0.1:5000', 'bookworm', 'latest'],
    ['docker://img.tar', 'docker.io', 'library/img.tar', 'latest'],
  ])('registry %s', (text, registry, repository, tag) => {
    const t = parseTarget(text, exists);
    expect(t).toMatchObject({ kind: 'registry', reference: { registry, repository, tag } });
  });

  it.each([
    ['missing.tar', 'NOT_FOUND'],
    ['./missing', 'NOT_FOUND'],
    ['/no/such/dir', 'NOT_FOUND'],
    ['docker-archive:missing.tar', 'NOT_FOUND'],
    ['oci:nope:tag', 'NOT_FOUND'],
    ['rootfs:nope', 'NOT_FOUND'],
    ['Bad Ref', 'NOT_FOUND'],
    ['docker://Bad', 'USAGE'],
    ['', 'USAGE'],
    ['oci:', 'USAGE'],
  ])('%j → %s', (text, code) => {
    expect(() => parseTarget(text, exists)).toThrow(expect.objectContaining({ code }));
  });

  it('splits at the right-most colon whose left side exists', () => {
    expect(splitPath('/data/x:y.tar:tag', exists)).toEqual({ path: '/data/x:y.tar', suffix: 'tag' });
    expect(splitPath('nothing:here', exists)).toEqual({ path: 'nothing:here' });
  });
});

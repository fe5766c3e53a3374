import { describe, expect, it } from 'vitest';
import { formatPlatform, parsePlatform, platformMatches } from './platform.js';

describe('platforms', () => {
  it.each([
    ['linux/amd64', 'linux/amd64'],
    ['linux/x86_64', 'linux/amd64'],
    ['linux/aarch64', 'linux/arm64'],
    ['linux/arm64/v8', 'linux/arm64/v8'],
    ['linux/arm/v7', 'linux/arm/v7'],
    ['windows/amd64', 'windows/amd64'],
  ])('parse %s → %s', (text, want) => {
    expect(formatPlatform(parsePlatform(text))).toBe(want);
  });

  it.each(['linux', 'linux/', '/amd64', 'a/b/c/d', 'linux/am d64'])('rejects %j as USAGE', (text) => {
    expect(() => parsePlatform(text)).toThrow(expect.objectContaining({ code: 'USAGE' }));
  });

  it.each([
    ['linux/amd64', { os: 'linux', architecture: 'amd64' }, true],
    ['linux/arm64', { os: 'linux', architecture: 'arm64', variant: 'v8' }, true],
    ['linux/arm64/v8', { os: 'linux', architecture: 'arm64' }, true],
    ['linux/arm', { os: 'linux', architecture: 'arm', variant: 'v6' }, true],
    ['linux/arm/v7', { os: 'linux', architecture: 'arm', variant: 'v6' }, false],
    ['linux/amd64', { os: 'linux', architecture: 'arm64' }, false],
    ['linux/amd64', { os: 'windows', architecture: 'amd64' }, false],
  ])('%s matches %j: %s', (want, have, ok) => {
    expect(platformMatches(parsePlatform(want), have)).toBe(ok);
  });
});

import { describe, expect, it } from 'vitest';
import { distroKey, ecosystemBase, releasePrefix } from './ecosystem.js';

describe('distroKey', () => {
  it.each([
    ['Debian:12', 'debian:12'],
    ['Debian:11', 'debian:11'],
    ['Debian:3.1', 'debian:3'],
    ['Ubuntu:22.04:LTS', 'ubuntu:22.04'],
    ['Ubuntu:25.10', 'ubuntu:25.10'],
    ['Ubuntu:Pro:18.04:LTS', 'ubuntu-pro:18.04'],
    ['Ubuntu:Pro:FIPS:20.04:LTS', 'ubuntu-pro-fips:20.04'],
    ['Alpine:v3.15', 'alpine:3.15'],
    ['Alpine:v3.9', 'alpine:3.9'],
    ['Red Hat:enterprise_linux:9::appstream', 'redhat:9'],
    ['Red Hat:enterprise_linux:8::baseos', 'redhat:8'],
    ['Red Hat:rhel_eus:9.2::baseos', 'redhat-rhel_eus:9.2'],
    ['Rocky Linux:9', 'rocky:9'],
    ['AlmaLinux:8', 'almalinux:8'],
    ['Wolfi', 'wolfi'],
    ['PyPI', 'pypi'],
    ['Go', 'go'],
  ])('%s → %s', (eco, key) => {
    expect(distroKey(eco)).toBe(key);
  });

  it('keeps the base name', () => {
    expect(ecosystemBase('Red Hat:enterprise_linux:9::appstream')).toBe('Red Hat');
    expect(releasePrefix('3.15.4', 2)).toBe('3.15');
    expect(releasePrefix('bookworm', 1)).toBeNull();
  });
});

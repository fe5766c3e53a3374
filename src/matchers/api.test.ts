import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findScheme } from '../versioning/api.js';
import { matcherFor, matchers, osvEcosystemsFor, supportedFamilies } from './api.js';

describe('OS matcher registry', () => {
  it('lists exactly the files in os/', () => {
    const dir = join(dirname(fileURLToPath(import.meta.url)), 'os');
    const files = readdirSync(dir)
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
      .map((f) => f.replace(/\.ts$/, ''))
      .sort();
    expect(Object.keys(matchers).sort()).toEqual(files);
  });

  it.each(Object.entries(matchers))('%s satisfies the interface and names a known scheme', (id, m) => {
    expect(m.id).toBe(id);
    expect(m.families.length).toBeGreaterThan(0);
    expect(findScheme(m.scheme)).toBeDefined();
    expect(typeof m.distros).toBe('function');
    expect(typeof m.names).toBe('function');
    expect(typeof m.ecosystems).toBe('function');
  });

  it.each([
    [{ family: 'debian', version: '12' }, ['debian:12']],
    [{ family: 'debian', version: '12.5' }, ['debian:12']],
    [{ family: 'debian', version: 'trixie/sid', codename: 'trixie' }, ['debian:13']],
    [{ family: 'debian', version: 'forky/sid' }, ['debian:14']],
    [{ family: 'debian', version: '' }, []],
    [{ family: 'ubuntu', version: '22.04' }, ['ubuntu:22.04', 'ubuntu-pro:22.04']],
    [{ family: 'alpine', version: '3.15.4' }, ['alpine:3.15']],
    [{ family: 'alpine', version: '3.10.2' }, ['alpine:3.10']],
    [{ family: 'alpine', version: '3.20.0_alpha20240329' }, ['alpine:edge']],
    [{ family: 'rhel', version: '9.4' }, ['redhat:9']],
    [{ family: 'centos', version: '7' }, ['redhat:7']],
    [{ family: 'rocky', version: '9.3' }, ['rocky:9', 'redhat:9']],
    [{ family: 'almalinux', version: '8.10' }, ['almalinux:8', 'redhat:8']],
    [{ family: 'wolfi', version: '20230201' }, ['wolfi']],
  ])('%j → %j', (os, distros) => {
    expect(matcherFor(os)!.distros(os)).toEqual(distros);
  });

  it.each([
    [{ family: 'debian', version: '12' }, ['Debian']],
    [{ family: 'rocky', version: '9.3' }, ['Rocky Linux', 'Red Hat']],
    [{ family: 'chainguard', version: '' }, ['Chainguard']],
    [{ family: 'fedora', version: '40' }, []],
  ])('OSV ecosystems for %j: %j', (os, ecosystems) => {
    expect(osvEcosystemsFor(os)).toEqual(ecosystems);
  });

  it('has no matcher for distributions without vendor data', () => {
    expect(matcherFor({ family: 'fedora', version: '40' })).toBeUndefined();
    expect(supportedFamilies()).toEqual([
      'almalinux',
      'alpine',
      'centos',
      'chainguard',
      'debian',
      'rhel',
      'rocky',
      'ubuntu',
      'wolfi',
    ]);
  });
});

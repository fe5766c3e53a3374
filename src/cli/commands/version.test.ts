// Acceptance (issue 2, #1): `bulwark version compare` agrees with every upstream vector, streamed
// through one process per scheme.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cli } from '../../../test/support/cli.js';
import { describeWithFixtures, fixture } from '../../../test/support/fixtures.js';

describeWithFixtures('bulwark version compare: upstream vectors through the built CLI', ['versions'], () => {
  it.each(['dpkg', 'apk', 'rpm', 'semver', 'pep440', 'maven'])('%s: every vector agrees', (scheme) => {
    const text = readFileSync(fixture('versions', `${scheme}.tsv`), 'utf8');
    const expected = text
      .split('\n')
      .filter((l) => l.trim() !== '' && !l.startsWith('#'))
      .map((l) => l.split('\t')[2]);
    const r = cli(['version', 'compare', '--scheme', scheme], { input: text });
    expect(r.status, r.stderr).toBe(0);
    const got = r.stdout.trimEnd().split('\n');
    expect(got).toHaveLength(expected.length);
    const mismatches = got
      .map((g, i) => (g === expected[i] ? null : `line ${i}: ${g} ≠ ${expected[i]}`))
      .filter(Boolean);
    expect(mismatches).toEqual([]);
  });
});

describe('bulwark version compare', () => {
  it.each([
    ['dpkg', '1:2.0-1', '2.1-1', '1'],
    ['dpkg', '1.0-1~deb12u1', '1.0-1', '-1'],
    ['rpm', '1.0-1.el9', '1.0-1.el9', '0'],
    ['apk', '1.2.3_rc1-r0', '1.2.3-r0', '-1'],
    ['go', 'v1.2.3', 'v1.10.0', '-1'],
  ])('%s %s vs %s prints %s', (scheme, a, b, want) => {
    const r = cli(['version', 'compare', '--scheme', scheme, a, b]);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(`${want}\n`);
  });

  it('prints JSON with --format json, also when given after the subcommand', () => {
    const r = cli(['version', 'compare', '--scheme', 'dpkg', '1', '2', '--format', 'json']);
    expect(JSON.parse(r.stdout)).toEqual({ scheme: 'dpkg', a: '1', b: '2', result: -1 });
    const s = cli(['version', 'compare', '--scheme', 'rpm', '--format', 'json'], { input: '1\t2\n2\t1\n' });
    expect(
      s.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).result),
    ).toEqual([-1, 1]);
  });

  it('rejects an unknown scheme with a USAGE error listing the schemes', () => {
    const r = cli(['version', 'compare', '--scheme', 'nope', '1', '2']);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/apk, dpkg, go, maven, pep440, rpm, semver/);
  });

  it('names the line of an invalid version in one line, exit 4, after printing earlier results', () => {
    const r = cli(['version', 'compare', '--scheme', 'dpkg'], {
      input: '# header\n1.0\t2.0\n\n1.0\tnot valid\n3\t4\n',
    });
    expect(r.status).toBe(4);
    expect(r.stdout).toBe('-1\n');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^bulwark: line 4: "not valid" is not a valid dpkg version/);
  });

  it('rejects a line without a tab and a single version argument', () => {
    expect(cli(['version', 'compare', '--scheme', 'rpm'], { input: '1 2\n' }).status).toBe(4);
    expect(cli(['version', 'compare', '--scheme', 'rpm', '1']).status).toBe(2);
    expect(cli(['version', 'compare', '1', '2']).status).toBe(2); // --scheme is required
  });

  it('streams a large set in one process', () => {
    const lines = Array.from({ length: 50_000 }, (_, i) => `1.${i}-1\t1.${i + 1}-1`).join('\n');
    const r = cli(['version', 'compare', '--scheme', 'dpkg'], { input: lines });
    expect(r.status).toBe(0);
    const out = r.stdout.trimEnd().split('\n');
    expect(out).toHaveLength(50_000);
    expect(new Set(out)).toEqual(new Set(['-1']));
  });
});

import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Allowlist } from './allowlist.js';
import { secretRules } from './rules/api.js';
import { scanSecrets } from './scan.js';

describe('secret rules', () => {
  it('registry equals the folder listing', () => {
    const dir = join(dirname(fileURLToPath(import.meta.url)), 'rules');
    const files = readdirSync(dir)
      .filter((f) => f.endsWith('.ts') && f !== 'api.ts')
      .map((f) => f.replace(/\.ts$/, ''))
      .sort();
    expect(Object.keys(secretRules).sort()).toEqual(files);
    for (const [id, r] of Object.entries(secretRules)) expect(r.id).toBe(id);
  });

  describe.each(Object.values(secretRules).map((r) => [r.id, r] as const))('%s', (id, rule) => {
    it.each(rule.examples.positive)('finds %s', (text) => {
      const found = scanSecrets('app/config', Buffer.from(`# config\n${text}\n`), { rules: [rule] });
      expect(found.length).toBeGreaterThan(0);
      expect(found[0]).toMatchObject({ id, line: 2, file: 'app/config' });
      const secret = rule.regex.exec(text);
      rule.regex.lastIndex = 0;
      // The secret never appears in the output.
      expect(found[0]!.match).not.toContain(secret?.[rule.secretGroup ?? 0]);
    });
    it.each(rule.examples.negative)('ignores %s', (text) => {
      expect(scanSecrets('app/config', Buffer.from(text), { rules: [rule] })).toEqual([]);
    });
  });
});

describe('scanSecrets', () => {
  const token = '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';

  it('skips binary files, documentation paths and allowlisted values and paths', () => {
    expect(scanSecrets('bin/x', Buffer.from(`\0${token}`))).toEqual([]);
    expect(scanSecrets('usr/share/doc/git/README', Buffer.from(token))).toEqual([]);
    const allow = new Allowlist({ paths: ['opt/app/**'], values: ['^ghp_wWPw'], rules: [] });
    expect(scanSecrets('opt/app/x', Buffer.from(token), { allowlist: allow })).toEqual([]);
    expect(scanSecrets('etc/x', Buffer.from(token), { allowlist: allow })).toEqual([]);
    expect(
      scanSecrets('etc/x', Buffer.from(token), { allowlist: new Allowlist({ rules: ['github-token'] }) }),
    ).toEqual([]);
    expect(scanSecrets('etc/x', Buffer.from(token))).toHaveLength(1);
  });

  it('never throws on arbitrary content', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 500 }), (s) => {
        scanSecrets('f', Buffer.from(s));
      }),
      { numRuns: 500 },
    );
  });
});

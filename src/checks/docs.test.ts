import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../test/support/fixtures.js';
import { ruleDocs } from './docs.js';
import { allRules } from './registry.js';

describe('rule docs', () => {
  const docs = ruleDocs();

  it('has a page for every rule', () => {
    for (const r of allRules()) expect(docs.has(`docs/rules/${r.id.replace(':', '/')}.md`)).toBe(true);
  });

  it.each([...docs.keys()])('%s is current (run npx tsx scripts/rule-docs.ts)', (path) => {
    expect(existsSync(join(REPO_ROOT, path))).toBe(true);
    expect(readFileSync(join(REPO_ROOT, path), 'utf8')).toBe(docs.get(path));
  });

  it('has no page for a rule that does not exist', () => {
    const onDisk = readdirSync(join(REPO_ROOT, 'docs/rules'), { recursive: true, withFileTypes: true })
      .filter((d) => d.isFile())
      .map((d) => join(d.parentPath, d.name).slice(REPO_ROOT.length + 1));
    expect(onDisk.filter((p) => !docs.has(p))).toEqual([]);
  });
});

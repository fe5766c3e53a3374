import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { allAnalyzers, analyzers, analyzerVersions } from './api.js';

const dir = dirname(fileURLToPath(import.meta.url));
const isDir = (p: string): boolean => statSync(p).isDirectory();

/** Analyzer folders: top-level ones (os/) and those inside the groups pkg/ and lang/. */
function analyzerFolders(): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).filter((n) => isDir(join(dir, n)))) {
    if (name === 'pkg' || name === 'lang')
      out.push(...readdirSync(join(dir, name)).filter((n) => isDir(join(dir, name, n))));
    else out.push(name);
  }
  return out.sort();
}

describe('analyzer registry', () => {
  it('lists exactly the analyzer folders', () => {
    expect(Object.keys(analyzers).sort()).toEqual(analyzerFolders());
  });

  it.each(Object.entries(analyzers))('%s satisfies the analyzer interface', async (key, a) => {
    expect(a.type).toBe(key);
    expect(Number.isInteger(a.version) && a.version > 0).toBe(true);
    expect(typeof a.required).toBe('function');
    expect(typeof a.analyze).toBe('function');
    // Each folder's module exports the registered object as its default.
    const file = existsSync(join(dir, key, 'index.ts'))
      ? join(dir, key, 'index.ts')
      : join(dir, 'pkg', key, 'index.ts');
    const mod = (await import(/* @vite-ignore */ file)) as { default: unknown };
    expect(mod.default).toBe(a);
    // required() is a cheap path test: false for an unrelated path.
    expect(
      a.required('usr/bin/true', {
        path: 'usr/bin/true',
        type: 'file',
        mode: 0o755,
        uid: 0,
        gid: 0,
        size: 1,
      }),
    ).toBe(false);
  });

  it('has no duplicate types and a stable version string for the cache key', () => {
    const types = allAnalyzers().map((a) => a.type);
    expect(new Set(types).size).toBe(types.length);
    expect(analyzerVersions()).toBe('apk:1,dpkg:1,os:1,rpm:1');
  });
});

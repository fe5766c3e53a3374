import { readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isBulwarkError } from '../core/errors.js';
import { getScheme, schemeIds, schemes } from './api.js';

const dir = dirname(fileURLToPath(import.meta.url));

describe('version scheme registry', () => {
  it('lists exactly the scheme folders', () => {
    const folders = readdirSync(dir)
      .filter((f) => statSync(join(dir, f)).isDirectory())
      .sort();
    expect(schemeIds()).toEqual(folders);
  });

  it.each(Object.entries(schemes))('%s satisfies the scheme interface', async (key, s) => {
    expect(s.id).toBe(key);
    expect(s.urls.length).toBeGreaterThan(0);
    for (const u of s.urls) expect(u).toMatch(/^https:\/\//);
    for (const fn of [s.parse, s.compare, s.isValid, s.isComparable, s.compareParsed])
      expect(typeof fn).toBe('function');
    // The folder's module exports the same object, and named members match (convention 1).
    const mod = (await import(/* @vite-ignore */ join(dir, key, 'index.ts'))) as Record<string, unknown>;
    expect(mod.default).toBe(s);
    expect(mod.id).toBe(key);
    expect(s.compare('', '')).toBe(0);
    expect(s.isValid('')).toBe(false);
  });

  it('has no duplicate ids', () => {
    const ids = Object.values(schemes).map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('rejects an unknown scheme with a USAGE error naming the known ones', () => {
    let err: unknown;
    try {
      getScheme('nope');
    } catch (e) {
      err = e;
    }
    expect(isBulwarkError(err) && err.code === 'USAGE').toBe(true);
    expect((err as Error).message).toContain('dpkg');
    expect(getScheme('rpm').id).toBe('rpm');
  });
});

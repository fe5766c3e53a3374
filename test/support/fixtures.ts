// Locating the shared public fixtures (../shared/fixtures or BULWARK_FIXTURES).
// Without them, fixture tests skip with a clear message; under CI=true they must run, so we fail instead.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'vitest';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const FIXTURES = resolve(process.env.BULWARK_FIXTURES ?? join(REPO_ROOT, '../shared/fixtures'));

export function fixture(...parts: string[]): string {
  return join(FIXTURES, ...parts);
}

export function hasFixtures(...parts: string[]): boolean {
  return existsSync(join(FIXTURES, ...parts));
}

/**
 * `describe` that needs fixture paths. Missing → skipped with a message; missing under CI → a failing
 * test, because CI must exercise everything.
 */
export function describeWithFixtures(name: string, parts: string[], fn: () => void): void {
  const missing = parts.filter((p) => !hasFixtures(p));
  if (missing.length === 0) {
    describe(name, fn);
    return;
  }
  const why = `fixtures missing under ${FIXTURES}: ${missing.join(', ')} (set BULWARK_FIXTURES)`;
  if (process.env.CI === 'true') {
    describe(name, () => {
      it(`requires fixtures: ${why}`, () => {
        throw new Error(why);
      });
    });
    return;
  }
  console.warn(`skipping "${name}": ${why}`);
  describe.skip(name, fn);
}

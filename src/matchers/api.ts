// The explicit OS matcher registry: id → matcher (architecture.md convention 2). A test checks it
// equals the files in os/ and that no two matchers claim the same OS family.
import { BulwarkError } from '../core/errors.js';
import type { OsInfo } from '../core/model.js';
import alpine from './os/alpine.js';
import debian from './os/debian.js';
import redhat from './os/redhat.js';
import ubuntu from './os/ubuntu.js';
import wolfi from './os/wolfi.js';
import type { OsMatcher } from './types.js';

export type { OsMatcher } from './types.js';

export const matchers: Readonly<Record<string, OsMatcher>> = Object.freeze({
  alpine,
  debian,
  redhat,
  ubuntu,
  wolfi,
});

const byFamily = new Map<string, OsMatcher>();
for (const m of Object.values(matchers)) {
  for (const f of m.families) {
    if (byFamily.has(f)) throw new BulwarkError('INTERNAL', `OS family ${f} claimed by two matchers`);
    byFamily.set(f, m);
  }
}

/** The matcher for an OS, or undefined when Bulwark has no vendor data for it. */
export function matcherFor(os: OsInfo): OsMatcher | undefined {
  return byFamily.get(os.family.toLowerCase());
}

export function supportedFamilies(): string[] {
  return [...byFamily.keys()].sort();
}

/** OSV ecosystems to fetch for an OS (`db update --ecosystem`), or [] when Bulwark has no data source for it. */
export function osvEcosystemsFor(os: OsInfo): string[] {
  return matcherFor(os)?.ecosystems(os) ?? [];
}

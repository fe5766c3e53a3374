import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { pssChecks } from './api.js';
import { buildTable } from './evaluate.js';

describe('PSS check registry', () => {
  it('lists exactly the files in checks/', () => {
    const dir = join(dirname(fileURLToPath(import.meta.url)), 'checks');
    const files = readdirSync(dir)
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
      .map((f) => f.replace(/\.ts$/, ''))
      .sort();
    expect(Object.keys(pssChecks).sort()).toEqual(files);
  });

  it.each(Object.entries(pssChecks))('%s is a valid check', (id, check) => {
    expect(check.id).toBe(id);
    expect(['baseline', 'restricted']).toContain(check.level);
    expect(check.versions.length).toBeGreaterThan(0);
    for (const v of check.versions) {
      expect(typeof v.checkPod).toBe('function');
      // Only restricted checks may override, and only baseline checks (policy/registry.go).
      for (const o of v.overrides ?? []) {
        expect(check.level).toBe('restricted');
        expect(pssChecks[o]?.level).toBe('baseline');
      }
    }
  });

  it('rejects a registry whose versions are not strictly increasing', () => {
    const bad = {
      x: {
        id: 'x',
        level: 'baseline' as const,
        versions: [
          { minimumMinor: 3, checkPod: () => null },
          { minimumMinor: 3, checkPod: () => null },
        ],
      },
    };
    expect(() => buildTable(bad)).toThrow(/strictly increasing/);
  });

  it('has the upstream check counts at v1.37', () => {
    const t = buildTable();
    expect(t.maxMinor).toBe(37);
    expect(t.baseline[37]).toHaveLength(12);
    // 12 baseline − 4 overridden (hostPathVolumes, capabilities_baseline, seccompProfile_baseline, procMount) + 7 restricted
    expect(t.restricted[37]).toHaveLength(15);
    expect(t.baseline[0]).toHaveLength(11); // no hostProbesAndHostLifecycle before v1.34
  });
});

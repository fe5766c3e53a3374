// PSA conformance: every pod of kubernetes/pod-security-admission test/testdata, at its level and
// version, must be allowed (pass/) or denied (fail/). Prints the agreement per level.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { describeWithFixtures, fixture } from '../../../../test/support/fixtures.js';
import { evaluatePod, latestMinor } from './evaluate.js';
import type { PodLike, PssLevel } from './types.js';
import { parseVersion } from './version.js';

const OVERRIDDEN_BY: Record<string, string[]> = {
  hostpathvolumes: ['restrictedvolumes'],
  capabilities_baseline: ['capabilities_restricted'],
  seccompprofile_baseline: ['seccompprofile_restricted'],
  procmount: ['procmount_restricted'],
};
const ROOT = ['k8s', 'psa-testdata', 'test', 'testdata'];

interface Case {
  level: PssLevel;
  version: string;
  expect: 'pass' | 'fail';
  file: string;
}

function cases(): Case[] {
  const out: Case[] = [];
  for (const level of ['baseline', 'restricted'] as const) {
    for (const version of readdirSync(fixture(...ROOT, level))) {
      for (const expect of ['pass', 'fail'] as const) {
        for (const f of readdirSync(fixture(...ROOT, level, version, expect))) {
          if (f.endsWith('.yaml'))
            out.push({ level, version, expect, file: join(level, version, expect, f) });
        }
      }
    }
  }
  return out;
}

describeWithFixtures('Pod Security Admission conformance (psa-testdata)', [ROOT.join('/')], () => {
  it('agrees on 100% of the fixture pods for every level and version', () => {
    const all = cases();
    const tally = new Map<string, { ok: number; total: number }>();
    const wrong: string[] = [];
    const versions = new Set<string>();
    for (const c of all) {
      const pod = parse(readFileSync(fixture(...ROOT, c.file), 'utf8'), { version: '1.1' }) as PodLike;
      const version = parseVersion(c.version);
      expect(version).not.toBeNull();
      versions.add(c.version);
      const violations = evaluatePod({ level: c.level, version: version! }, pod);
      const allowed = violations.length === 0;
      const ok = allowed === (c.expect === 'pass');
      const t = tally.get(c.level) ?? { ok: 0, total: 0 };
      t.total++;
      if (ok) t.ok++;
      else wrong.push(`${c.file}: ${allowed ? 'allowed' : violations.map((v) => v.checkId).join(',')}`);
      tally.set(c.level, t);
    }
    for (const [level, t] of tally) {
      console.log(`PSA conformance ${level}: ${t.ok}/${t.total} agree across ${versions.size} versions`);
    }
    expect(wrong).toEqual([]);
    expect(all.length).toBe(4537);
    expect(versions.size).toBe(38);
  });

  it('names the failing check after the fixture file', () => {
    // Each fail/<check><n>.yaml must be denied by that check (file names are the lower-cased id).
    const mismatched: string[] = [];
    for (const c of cases().filter((x) => x.expect === 'fail')) {
      const pod = parse(readFileSync(fixture(...ROOT, c.file), 'utf8'), { version: '1.1' }) as PodLike;
      const ids = evaluatePod({ level: c.level, version: parseVersion(c.version)! }, pod).map((v) =>
        v.checkId.toLowerCase(),
      );
      const expected = c.file
        .split('/')
        .pop()!
        .replace(/\d+\.yaml$/, '');
      // In restricted, a check that overrides the baseline one denies instead of it.
      const accepted = [expected, ...(OVERRIDDEN_BY[expected] ?? [])];
      if (!ids.some((id) => accepted.includes(id))) mismatched.push(`${c.file}: ${ids.join(',')}`);
    }
    expect(mismatched).toEqual([]);
  });

  it('latest is the newest fixture version', () => {
    const newest = Math.max(
      ...readdirSync(fixture(...ROOT, 'baseline')).map((v) => parseVersion(v) as number),
    );
    expect(latestMinor()).toBe(newest);
  });
});

describe('PSS version rules the fixtures do not cover', () => {
  const pod = (spec: Record<string, unknown>): PodLike => ({ metadata: { name: 'p' }, spec });
  const restrictedOk = {
    securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
    containers: [
      {
        name: 'c',
        image: 'x',
        securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
      },
    ],
  };
  const ids = (level: PssLevel, minor: number, p: PodLike) =>
    evaluatePod({ level, version: minor }, p).map((v) => v.checkId);

  it.each([
    [30, ['seLinuxOptions']],
    [31, []],
    [37, []],
  ])('seLinuxOptions type container_engine_t at v1.%i → %j', (minor, expected) => {
    const p = pod({
      ...restrictedOk,
      securityContext: { ...restrictedOk.securityContext, seLinuxOptions: { type: 'container_engine_t' } },
    });
    expect(ids('baseline', minor, p)).toEqual(expected);
    expect(ids('restricted', minor, p)).toEqual(expected);
  });

  const rootInUserNs = (hostUsers: boolean | undefined) =>
    pod({
      ...restrictedOk,
      ...(hostUsers === undefined ? {} : { hostUsers }),
      securityContext: { seccompProfile: { type: 'RuntimeDefault' }, runAsUser: 0, runAsNonRoot: false },
    });

  it.each([
    [34, false, ['runAsNonRoot', 'runAsUser']],
    [35, false, []],
    [37, false, []],
    [35, true, ['runAsNonRoot', 'runAsUser']],
    [35, undefined, ['runAsNonRoot', 'runAsUser']],
  ])('restricted v1.%i hostUsers=%s: root user → %j', (minor, hostUsers, expected) => {
    expect(ids('restricted', minor, rootInUserNs(hostUsers))).toEqual(expected);
  });

  it.each([
    ['baseline', 34, false, ['procMount']],
    ['baseline', 35, false, []],
    ['baseline', 35, undefined, ['procMount']],
    ['restricted', 34, false, ['procMount']],
    ['restricted', 35, false, ['procMount_restricted']],
    ['restricted', 35, undefined, ['procMount_restricted']],
  ] as const)('%s v1.%i hostUsers=%s: procMount Unmasked → %j', (level, minor, hostUsers, expected) => {
    const p = pod({
      ...restrictedOk,
      ...(hostUsers === undefined ? {} : { hostUsers }),
      containers: [
        {
          ...restrictedOk.containers[0],
          securityContext: { ...restrictedOk.containers[0]!.securityContext, procMount: 'Unmasked' },
        },
      ],
    });
    expect(ids(level, minor, p)).toEqual(expected);
  });

  it('evaluates a version newer than any check as latest', () => {
    const p = pod({ hostNetwork: true, containers: [{ name: 'c', image: 'x' }] });
    expect(evaluatePod({ level: 'baseline', version: 99 }, p)).toEqual(
      evaluatePod({ level: 'baseline', version: 'latest' }, p),
    );
  });

  it('never throws on arbitrary decoded input', async () => {
    const fc = await import('fast-check');
    fc.assert(
      fc.property(fc.anything({ maxDepth: 5 }), fc.anything({ maxDepth: 5 }), (spec, metadata) => {
        for (const level of ['baseline', 'restricted'] as const) {
          evaluatePod({ level, version: 'latest' }, { spec, metadata } as PodLike);
          evaluatePod({ level, version: 10 }, { spec, metadata } as PodLike);
        }
      }),
      { numRuns: 500 },
    );
  });
});

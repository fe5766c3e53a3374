import { describe, expect, it } from 'vitest';
import { BulwarkError } from '../core/errors.js';
import { attestationFailures } from '../policy/trust/index.js';
import { PREDICATE_TYPES } from '../signing/intoto/predicate-types.js';
import { ciInvocation, dbMeta, fromScanPlan, predicateFromScan } from './from-scan.js';
import { sampleReport } from './sbom/testing/sample-report.js';

describe('fromScanPlan', () => {
  it.each([
    ['vuln', 'vuln', ['vuln']],
    ['https://cosign.sigstore.dev/attestation/vuln/v1', 'vuln', ['vuln']],
    ['cyclonedx', 'cyclonedx', []],
    ['https://cyclonedx.org/bom', 'cyclonedx', []],
    ['spdx', 'spdx', []],
    ['spdxjson', 'spdx', []],
  ])('%s → %s, scanners %j', (type, kind, scanners) => {
    const plan = fromScanPlan(type);
    expect(plan.kind).toBe(kind);
    expect(plan.scanners).toEqual(scanners);
    expect(plan.predicateType).toBe(PREDICATE_TYPES[kind as 'vuln']);
  });

  it.each([
    ['slsaprovenance', /SLSA provenance .* build system/],
    ['slsaprovenance1', /SLSA provenance/],
    ['https://slsa.dev/provenance/v1', /SLSA provenance/],
    ['openvex', /OpenVEX .* judgement/],
    ['https://openvex.dev/ns/v0.2.0', /OpenVEX/],
    ['link', /cannot produce a "link" predicate/],
    ['custom', /cannot produce a "custom" predicate/],
    ['https://example.com/x/v1', /cannot produce a "https:\/\/example.com\/x\/v1" predicate/],
  ])('%s is a USAGE error saying what can be generated', (type, why) => {
    let err: unknown;
    try {
      fromScanPlan(type);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(BulwarkError);
    expect((err as BulwarkError).code).toBe('USAGE');
    expect((err as BulwarkError).message).toMatch(/--type vuln, cyclonedx, spdx/);
    expect((err as BulwarkError).message).toMatch(why);
    expect((err as BulwarkError).message).toMatch(/--predicate FILE$/);
  });

  it('an unknown name is the usual unknown-type error', () => {
    expect(() => fromScanPlan('nonsense')).toThrow(/unknown predicate type "nonsense"/);
  });
});

describe('predicateFromScan', () => {
  const startedOn = new Date('2026-05-01T10:00:00.250Z');
  const finishedOn = new Date('2026-05-01T10:00:09.900Z');

  it('vuln: cosign’s predicate with the report, the scan times, the DB and what was scanned', () => {
    const report = sampleReport();
    const p = predicateFromScan(fromScanPlan('vuln'), report, {
      startedOn,
      finishedOn,
      db: { uri: 'https://osv.example', version: '2026-04-30T00:00:00Z' },
      parameters: { image: 'r/app@sha256:x', scanners: ['vuln'] },
      invocation: { uri: 'https://ci/run/1', eventId: '1', builderId: 'ci' },
    });
    expect(p).toMatchObject({
      invocation: {
        parameters: { image: 'r/app@sha256:x', scanners: ['vuln'] },
        uri: 'https://ci/run/1',
        event_id: '1',
        'builder.id': 'ci',
      },
      scanner: { db: { uri: 'https://osv.example', version: '2026-04-30T00:00:00Z' }, result: report },
      // The scan's own times win over the report's createdAt.
      metadata: { scanStartedOn: '2026-05-01T10:00:00Z', scanFinishedOn: '2026-05-01T10:00:09Z' },
    });
  });

  it.each([
    ['cyclonedx', { bomFormat: 'CycloneDX' }],
    ['spdx', { spdxVersion: 'SPDX-2.3' }],
  ])('%s: the SBOM document itself', (type, shape) => {
    const p = predicateFromScan(fromScanPlan(type), sampleReport(), { startedOn, finishedOn });
    expect(p).toMatchObject(shape);
  });

  // The contract with the trust policy: what --from-scan makes is what denySeverities/maxAge read.
  it.each([
    ['a fresh scan with a CRITICAL finding', 0, ['CRITICAL'], /1 CRITICAL vulnerability/],
    ['a fresh scan, CRITICAL not denied', 0, ['LOW'], /1 LOW vulnerability/],
    ['a scan 8 days old', 8, [], /older than 7d/],
    ['a fresh scan without denied severities', 0, [], null],
  ])('%s', (_name, ageDays, deny, failure) => {
    const now = new Date('2026-05-20T00:00:00Z');
    const done = new Date(now.getTime() - ageDays * 86_400_000);
    const predicate = predicateFromScan(fromScanPlan('vuln'), sampleReport(), {
      startedOn: done,
      finishedOn: done,
    });
    const statement = {
      _type: 'https://in-toto.io/Statement/v1',
      subject: [{ name: 'r/app', digest: { sha256: 'a'.repeat(64) } }],
      predicateType: PREDICATE_TYPES.vuln,
      predicate,
    };
    const failures = attestationFailures(
      { signer: { kind: 'key', keyId: 'k' }, statement: statement as never },
      { type: 'vuln', maxAge: '7d', ...(deny.length ? { denySeverities: deny as never } : {}) },
      now,
    );
    if (failure) expect(failures.join('; ')).toMatch(failure);
    else expect(failures).toEqual([]);
  });
});

describe('ciInvocation', () => {
  it.each([
    [{}, {}],
    [{ GITHUB_ACTIONS: 'true' }, {}],
    [
      {
        GITHUB_ACTIONS: 'true',
        GITHUB_SERVER_URL: 'https://github.com',
        GITHUB_REPOSITORY: 'acme/app',
        GITHUB_RUN_ID: '42',
        GITHUB_RUN_ATTEMPT: '2',
        GITHUB_WORKFLOW_REF: 'acme/app/.github/workflows/ci.yml@refs/heads/main',
      },
      {
        uri: 'https://github.com/acme/app/actions/runs/42/attempts/2',
        eventId: '42',
        builderId: 'https://github.com/acme/app/.github/workflows/ci.yml@refs/heads/main',
      },
    ],
    [
      {
        GITLAB_CI: 'true',
        CI_JOB_ID: '7',
        CI_JOB_URL: 'https://gitlab.example/acme/app/-/jobs/7',
        CI_SERVER_URL: 'https://gitlab.example',
      },
      { uri: 'https://gitlab.example/acme/app/-/jobs/7', eventId: '7', builderId: 'https://gitlab.example' },
    ],
  ])('%j → %j', (env, want) => {
    expect(ciInvocation(env)).toEqual(want);
  });
});

describe('dbMeta', () => {
  const upd = (location: string) => ({ kind: 'update' as const, location });
  it.each([
    [[], null, { uri: '', version: '' }],
    [
      [
        upd('https://osv-vulnerabilities.storage.googleapis.com/Debian/all.zip'),
        upd('https://osv-vulnerabilities.storage.googleapis.com/Alpine/all.zip'),
      ],
      '2026-05-01T00:00:00Z',
      { uri: 'https://osv-vulnerabilities.storage.googleapis.com', version: '2026-05-01T00:00:00Z' },
    ],
    // Credentials in a mirror URL are never published.
    [
      [upd('https://user:secret@mirror.example/osv/Debian/all.zip')],
      't',
      { uri: 'https://mirror.example', version: 't' },
    ],
    // Local imports and mixed origins publish no URI.
    [[{ kind: 'import' as const, location: '/home/me/osv' }], 't', { uri: '', version: 't' }],
    [[upd('https://a.example/x'), upd('https://b.example/x')], 't', { uri: '', version: 't' }],
    [[upd('/var/lib/osv/Debian')], 't', { uri: '', version: 't' }],
  ])('%j', (feeds, last, want) => {
    expect(dbMeta(feeds, last)).toEqual(want);
  });
});

// The attestation contract: predicates made here satisfy — and fail — the trust policy's conditions
// (src/policy/trust/conditions.ts) after a real DSSE sign/verify round trip.
import { describe, expect, it } from 'vitest';
import { attestationFailures, type AttestationFact } from '../policy/trust/index.js';
import { createAttestation, PREDICATE_TYPES, verifyAttestation } from '../signing/intoto/index.js';
import { generateKeyPair, loadPrivateKey } from '../signing/keys/index.js';
import { sampleReport } from './sbom/testing/sample-report.js';
import { sbomPredicate, vulnPredicateFromReport, VULN_PREDICATE_TYPE } from './predicates.js';
import { TOOL_PURL, TOOL_VERSION } from './tool.js';

const DIGEST = `sha256:${'a'.repeat(64)}`;

async function attest(predicateType: string, predicate: unknown): Promise<AttestationFact> {
  const gen = await generateKeyPair('pw');
  const key = await loadPrivateKey(gen.privateKeyPem, 'pw');
  const env = createAttestation([key], {
    name: 'registry.example.com/team/app',
    digest: DIGEST,
    predicateType,
    predicate,
  });
  const v = verifyAttestation(JSON.stringify(env), [key.publicKey], DIGEST, { predicateType });
  return { signer: { kind: 'key', keyId: 'k' }, statement: v.statement };
}

describe('vulnPredicateFromReport', () => {
  it('has cosign’s shape with the report as scanner.result and the scan time', () => {
    const report = sampleReport();
    const p = vulnPredicateFromReport(report, {
      db: { uri: 'file:///db.sqlite', version: '2026-01-01T00:00:00Z' },
    });
    expect(p).toEqual({
      invocation: { parameters: null, uri: '', event_id: '', 'builder.id': '' },
      scanner: {
        uri: TOOL_PURL,
        version: TOOL_VERSION,
        db: { uri: 'file:///db.sqlite', version: '2026-01-01T00:00:00Z' },
        result: report,
      },
      metadata: { scanStartedOn: '2026-01-02T03:04:05Z', scanFinishedOn: '2026-01-02T03:04:05Z' },
    });
    expect(VULN_PREDICATE_TYPE).toBe('https://cosign.sigstore.dev/attestation/vuln/v1');
  });

  it('explicit times and invocation win', () => {
    const p = vulnPredicateFromReport(sampleReport(), {
      startedOn: '2026-03-01T10:00:00Z',
      finishedOn: new Date('2026-03-01T10:00:07.5Z'),
      invocation: { uri: 'https://ci.example.com/run/7', eventId: '7', builderId: 'ci' },
    });
    expect(p.metadata).toEqual({
      scanStartedOn: '2026-03-01T10:00:00Z',
      scanFinishedOn: '2026-03-01T10:00:07Z',
    });
    expect(p.invocation).toMatchObject({
      uri: 'https://ci.example.com/run/7',
      event_id: '7',
      'builder.id': 'ci',
    });
    expect(() => vulnPredicateFromReport(sampleReport(), { finishedOn: 'yesterday' })).toThrow(
      /invalid time/,
    );
  });

  it('signed and verified, the trust policy reads its severities and age', async () => {
    const fact = await attest(VULN_PREDICATE_TYPE, vulnPredicateFromReport(sampleReport()));
    const soon = new Date('2026-01-02T04:00:00Z');
    expect(attestationFailures(fact, { type: 'vuln', denySeverities: ['CRITICAL', 'HIGH'] }, soon)).toEqual([
      '1 CRITICAL vulnerability',
      '2 HIGH vulnerabilities',
    ]);
    expect(attestationFailures(fact, { type: 'vuln', maxAge: '1d' }, soon)).toEqual([]);
    expect(attestationFailures(fact, { type: 'vuln', maxAge: '30m' }, soon)).toEqual([
      'made 2026-01-02T03:04:05.000Z, older than 30m',
    ]);
    const clean = sampleReport();
    clean.vulnerabilities = clean.vulnerabilities.filter((v) => v.severity === 'LOW');
    const ok = await attest(VULN_PREDICATE_TYPE, vulnPredicateFromReport(clean));
    expect(
      attestationFailures(ok, { type: 'vuln', denySeverities: ['CRITICAL', 'HIGH'], maxAge: '1d' }, soon),
    ).toEqual([]);
  });
});

describe('sbomPredicate', () => {
  it.each([
    ['cyclonedx', PREDICATE_TYPES.cyclonedx],
    ['spdx', PREDICATE_TYPES.spdx],
  ] as const)('%s: the document object; the trust policy dates it by the scan', async (kind, type) => {
    const predicate = sbomPredicate(sampleReport(), kind);
    if (kind === 'cyclonedx') expect(predicate).toMatchObject({ bomFormat: 'CycloneDX', specVersion: '1.6' });
    else expect(predicate).toMatchObject({ spdxVersion: 'SPDX-2.3' });
    const fact = await attest(type, predicate);
    expect(attestationFailures(fact, { type: kind, maxAge: '2h' }, new Date('2026-01-02T04:00:00Z'))).toEqual(
      [],
    );
    expect(
      attestationFailures(fact, { type: kind, maxAge: '30m' }, new Date('2026-01-02T04:00:00Z')),
    ).toHaveLength(1);
  });

  it('CycloneDX version can be chosen', () => {
    expect(sbomPredicate(sampleReport(), 'cyclonedx', { cyclonedxVersion: '1.5' })).toMatchObject({
      specVersion: '1.5',
    });
  });
});

describe('attested result', () => {
  it('leaves out the machine-local layer-cache figure, nothing else', () => {
    const r = sampleReport();
    r.metadata = { ...r.metadata, cacheHits: 3 };
    const { result } = vulnPredicateFromReport(r).scanner;
    expect(result.metadata).not.toHaveProperty('cacheHits');
    expect({ ...result, metadata: { ...result.metadata, cacheHits: 3 } }).toEqual(r);
  });
});

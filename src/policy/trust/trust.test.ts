import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeWithFixtures, fixture } from '../../../test/support/fixtures.js';
import { isBulwarkError } from '../../core/errors.js';
import { generateKeyPair, loadPublicKey, type PublicKey } from '../../signing/keys/index.js';
import { verifySimpleSignature } from '../../signing/simple-signing/index.js';
import {
  evaluatePolicy,
  loadTrustPolicy,
  normalizeImageName,
  parseTrustPolicy,
  resolveTrustPolicy,
  selectRule,
  trustMaterialFor,
  type AttestationFact,
  type ResolvedTrustPolicy,
  type VerifiedFacts,
} from './index.js';

const D = `sha256:${'d'.repeat(64)}`;
const NOW = new Date('2026-03-01T12:00:00Z');

function errorLine(text: string): string {
  try {
    parseTrustPolicy(text, 'p.yaml');
  } catch (err) {
    expect(isBulwarkError(err) && err.code).toBe('INVALID_INPUT');
    expect((err as Error).message).not.toContain('\n');
    return (err as Error).message;
  }
  throw new Error('accepted');
}

const BASE = `apiVersion: bulwark.dev/v1
kind: TrustPolicy
signers:
  release:
    key: release.pub
rules:
  - name: prod
    images: ["registry.acme.io/prod/**"]
    signers: [release]
`;

describe('trust policy YAML validation (line-numbered)', () => {
  it('accepts the base document', () => {
    expect(parseTrustPolicy(BASE).rules[0]!.name).toBe('prod');
  });

  it.each([
    ['unknown top-level field', BASE + 'extra: 1\n', /^p\.yaml:1: \(top level\): unknown field "extra"/],
    [
      'wrong apiVersion',
      BASE.replace('bulwark.dev/v1', 'bulwark.dev/v9'),
      /^p\.yaml:1: apiVersion: must be "bulwark.dev\/v1"/,
    ],
    [
      'threshold out of range',
      BASE + '    threshold: 0\n',
      /^p\.yaml:10: rules\[0\]\.threshold: must be >= 1/,
    ],
    [
      'threshold above signers',
      BASE + '    threshold: 2\n',
      /^p\.yaml:10: rules\[0\] \(prod\): threshold 2 is more than its 1 signer/,
    ],
    [
      'unknown signer',
      BASE.replace('signers: [release]', 'signers: [nobody]'),
      /^p\.yaml:9: rules\[0\] \(prod\): unknown signer "nobody"/,
    ],
    [
      'signer with two kinds',
      BASE.replace('    key: release.pub', '    key: a.pub\n    keyless: {subject: a, issuer: b}'),
      /^p\.yaml:5: signers\.release: must have exactly one/,
    ],
    [
      'keyless without trustedRoot',
      BASE.replace('    key: release.pub', '    keyless: {subject: a, issuer: b}'),
      /^p\.yaml:5: signer "release" is keyless: set trustedRoot/,
    ],
    [
      'keyless without issuer',
      BASE.replace('signers:\n  release:', 'trustedRoot: r.json\nsigners:\n  release:').replace(
        '    key: release.pub',
        '    keyless: {subject: a}',
      ),
      /^p\.yaml:6: signers\.release\.keyless: needs a subject .* and an issuer/,
    ],
    [
      'bad maxAge',
      BASE + '    attestations:\n      - type: vuln\n        maxAge: 7 days\n',
      /^p\.yaml:12: rules\[0\]\.attestations\[0\]\.maxAge: must match pattern/,
    ],
    [
      'bad severity',
      BASE + '    attestations:\n      - {type: vuln, denySeverities: [SEVERE]}\n',
      /^p\.yaml:11: .*denySeverities\[0\]: must be one of CRITICAL/,
    ],
    [
      'bad regexp',
      BASE + '    attestations:\n      - {type: slsaprovenance, builderIdRegExp: "("}\n',
      /^p\.yaml:11: .*not a valid regular expression/,
    ],
    [
      'allow rule with signers',
      BASE.replace('    signers: [release]', '    action: allow\n    signers: [release]'),
      /^p\.yaml:9: .*an allow rule takes no signers/,
    ],
    ['duplicate key', BASE + 'rules: []\n', /^p\.yaml:\d+: Map keys must be unique/],
    ['YAML syntax', 'a: [1, 2\n', /^p\.yaml:\d+: /],
    ['not a mapping', '- 1\n', /^p\.yaml:1: \(top level\): must be object/],
    [
      'condition with two operators',
      BASE +
        '    attestations:\n      - type: cyclonedx\n        conditions:\n          - {path: predicate.x, equals: 1, exists: true}\n',
      /^p\.yaml:13: .*exactly one/,
    ],
  ])('%s', (_n, text, re) => {
    expect(errorLine(text)).toMatch(re);
  });

  it('refuses alias bombs', () => {
    const bomb =
      'a: &a [x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n';
    expect(() => parseTrustPolicy(bomb)).toThrow(
      expect.objectContaining({ code: expect.stringMatching(/LIMIT_EXCEEDED|INVALID_INPUT/) }),
    );
  });

  it('never throws a non-Bulwark error on arbitrary text', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.json().map((j) => `apiVersion: bulwark.dev/v1\nkind: TrustPolicy\nrules: ${j}\n`),
        ),
        (text) => {
          try {
            parseTrustPolicy(text);
          } catch (err) {
            expect(isBulwarkError(err)).toBe(true);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('image matching', () => {
  it.each([
    ['nginx', 'docker.io/library/nginx'],
    ['nginx:1.25', 'docker.io/library/nginx'],
    ['acme/app@sha256:' + 'a'.repeat(64), 'docker.io/acme/app'],
    ['index.docker.io/acme/app:v1', 'docker.io/acme/app'],
    ['localhost:5000/app:v1', 'localhost:5000/app'],
    ['registry.acme.io/prod/api:1@sha256:' + 'b'.repeat(64), 'registry.acme.io/prod/api'],
  ])('normalizes %s → %s', (ref, name) => {
    expect(normalizeImageName(ref)).toBe(name);
  });

  const doc = parseTrustPolicy(`apiVersion: bulwark.dev/v1
kind: TrustPolicy
rules:
  - {name: everything, images: ["**"], action: deny}
  - {name: acme, images: ["registry.acme.io/**"], action: allow}
  - {name: prod, images: ["registry.acme.io/prod/*"], action: deny}
  - {name: api, images: ["registry.acme.io/prod/api"], action: allow}
  - {name: library, images: ["docker.io/library/*"], action: allow}
`);
  it.each([
    ['registry.acme.io/prod/api:1', 'api'],
    ['registry.acme.io/prod/web', 'prod'],
    ['registry.acme.io/dev/web', 'acme'],
    ['registry.acme.io/prod/team/web', 'acme'],
    ['nginx', 'library'],
    ['ghcr.io/x/y', 'everything'],
  ])('%s → rule %s (most specific wins)', (ref, rule) => {
    expect(selectRule(doc, ref)?.rule.name).toBe(rule);
  });
});

describe('evaluatePolicy', () => {
  let keys: PublicKey[];
  let policy: ResolvedTrustPolicy;
  const slsa = (
    builder: string,
    predicateType = 'https://slsa.dev/provenance/v1',
  ): AttestationFact['statement'] => ({
    _type: 'https://in-toto.io/Statement/v1',
    subject: [{ name: 'x', digest: { sha256: 'd'.repeat(64) } }],
    predicateType,
    predicate: {
      buildDefinition: { buildType: 'x' },
      runDetails: { builder: { id: builder }, metadata: { finishedOn: '2026-02-28T00:00:00Z' } },
    },
  });
  const vuln = (finished: string, severities: string[]): AttestationFact['statement'] => ({
    _type: 'https://in-toto.io/Statement/v1',
    subject: [{ name: 'x', digest: { sha256: 'd'.repeat(64) } }],
    predicateType: 'https://cosign.sigstore.dev/attestation/vuln/v1',
    predicate: {
      scanner: {
        uri: 'pkg:npm/bulwark',
        version: '0.1.0',
        result: { vulnerabilities: severities.map((severity, i) => ({ id: `CVE-${i}`, severity })) },
      },
      metadata: { scanStartedOn: finished, scanFinishedOn: finished },
    },
  });
  const key = (i: number) => ({ kind: 'key' as const, keyId: keys[i]!.keyId });

  beforeAll(async () => {
    keys = await Promise.all(
      [0, 1, 2].map(async () => loadPublicKey((await generateKeyPair('')).publicKeyPem)),
    );
    const doc = parseTrustPolicy(`apiVersion: bulwark.dev/v1
kind: TrustPolicy
trustedRoot: root.json
signers:
  alice: {key: "${keys[0]!.keyId}"}
  bob: {key: "${keys[1]!.keyId}"}
  ci:
    keyless: {subjectRegExp: "^https://github\\\\.com/acme/", issuer: "https://token.actions.githubusercontent.com"}
rules:
  - name: prod
    images: ["registry.acme.io/prod/**"]
    signers: [alice, bob, ci]
    threshold: 2
    required: [alice]
    attestations:
      - type: slsaprovenance
        signers: [ci]
        builderId: https://github.com/slsa-framework/slsa-github-generator/.github/workflows/generator_container_slsa3.yml@refs/tags/v2.0.0
      - type: vuln
        signers: [alice]
        maxAge: 7d
        denySeverities: [CRITICAL]
  - name: dev
    images: ["registry.acme.io/dev/**"]
    signers: [alice, bob]
`);
    // Keys are given as key ids above only to build the document; swap in the real keys.
    policy = {
      document: doc,
      source: 'test',
      signers: new Map([
        ['alice', { name: 'alice', kind: 'key', key: keys[0]! }],
        ['bob', { name: 'bob', kind: 'key', key: keys[1]! }],
        [
          'ci',
          {
            name: 'ci',
            kind: 'keyless',
            identity: {
              subjectRegExp: '^https://github\\.com/acme/',
              issuer: 'https://token.actions.githubusercontent.com',
            },
          },
        ],
      ]),
    };
  });

  const ci = {
    kind: 'keyless' as const,
    subject: 'https://github.com/acme/app/.github/workflows/release.yml@refs/tags/v1',
    issuer: 'https://token.actions.githubusercontent.com',
  };
  const good = (): VerifiedFacts => ({
    digest: D,
    signatures: [{ signer: key(0) }, { signer: ci }],
    attestations: [
      {
        signer: ci,
        statement: slsa(
          'https://github.com/slsa-framework/slsa-github-generator/.github/workflows/generator_container_slsa3.yml@refs/tags/v2.0.0',
        ),
      },
      { signer: key(0), statement: vuln('2026-02-27T00:00:00Z', ['HIGH', 'LOW']) },
    ],
  });

  it('allows when signers, threshold, required signer and attestations hold', () => {
    const d = evaluatePolicy(policy, 'registry.acme.io/prod/api:1', good(), { now: NOW });
    expect(d).toMatchObject({ allowed: true, rule: 'prod' });
    expect(d.reasons).toContain('signed by alice, ci (threshold 2)');
  });

  it.each<[string, (f: VerifiedFacts) => void, string, RegExp]>([
    ['no signatures', (f) => (f.signatures = []), 'UNSIGNED', /no verified signature/],
    [
      'below threshold',
      (f) => (f.signatures = [{ signer: key(0) }]),
      'UNTRUSTED_IDENTITY',
      /needs 2 of alice, bob, ci/,
    ],
    [
      'required signer missing',
      (f) => (f.signatures = [{ signer: key(1) }, { signer: ci }]),
      'UNTRUSTED_IDENTITY',
      /required signer\(s\) missing: alice/,
    ],
    [
      'untrusted signer only',
      (f) => (f.signatures = [{ signer: key(2) }]),
      'UNTRUSTED_IDENTITY',
      /also signed by untrusted key/,
    ],
    [
      'keyless from another org',
      (f) =>
        (f.signatures = [
          { signer: key(0) },
          { signer: { ...ci, subject: 'https://github.com/evil/app/x' } },
        ]),
      'UNTRUSTED_IDENTITY',
      /untrusted https:\/\/github.com\/evil/,
    ],
    [
      'no provenance',
      (f) => (f.attestations = f.attestations.slice(1)),
      'UNSIGNED',
      /no verified slsaprovenance attestation/,
    ],
    [
      'provenance by the wrong signer',
      (f) => (f.attestations[0]!.signer = key(0)),
      'UNTRUSTED_IDENTITY',
      /slsaprovenance attestation not signed by ci/,
    ],
    [
      'wrong builder',
      (f) => (f.attestations[0]!.statement = slsa('https://evil.example/builder')),
      'POLICY_DENIED',
      /builder id is https:\/\/evil.example\/builder/,
    ],
    [
      'stale scan',
      (f) => (f.attestations[1]!.statement = vuln('2026-02-01T00:00:00Z', [])),
      'POLICY_DENIED',
      /older than 7d/,
    ],
    [
      'CRITICAL finding',
      (f) => (f.attestations[1]!.statement = vuln('2026-02-28T00:00:00Z', ['CRITICAL', 'CRITICAL'])),
      'POLICY_DENIED',
      /2 CRITICAL vulnerabilities/,
    ],
    [
      'unreadable scan result',
      (f) =>
        ((f.attestations[1]!.statement.predicate as { scanner: { result: unknown } }).scanner.result = 'n/a'),
      'POLICY_DENIED',
      /no vulnerability results/,
    ],
  ])('denies: %s', (_n, mutate, code, re) => {
    const facts = good();
    mutate(facts);
    const d = evaluatePolicy(policy, 'registry.acme.io/prod/api:1', facts, { now: NOW });
    expect(d.allowed).toBe(false);
    expect(d.code).toBe(code);
    expect(d.reasons.join('\n')).toMatch(re);
  });

  it('accepts SLSA v0.2 provenance for type slsaprovenance', () => {
    const facts = good();
    facts.attestations[0]!.statement = {
      ...slsa('x'),
      predicateType: 'https://slsa.dev/provenance/v0.2',
      predicate: {
        builder: {
          id: 'https://github.com/slsa-framework/slsa-github-generator/.github/workflows/generator_container_slsa3.yml@refs/tags/v2.0.0',
        },
      },
    };
    expect(evaluatePolicy(policy, 'registry.acme.io/prod/api', facts, { now: NOW }).allowed).toBe(true);
  });

  it('facts about another digest never count for a pinned reference', () => {
    const d = evaluatePolicy(policy, `registry.acme.io/prod/api@sha256:${'e'.repeat(64)}`, good(), {
      now: NOW,
    });
    expect(d).toMatchObject({ allowed: false, code: 'POLICY_DENIED' });
  });

  it('no matching rule → denied by default', () => {
    expect(evaluatePolicy(policy, 'ghcr.io/x/y', good(), { now: NOW })).toMatchObject({
      allowed: false,
      code: 'POLICY_DENIED',
    });
  });

  it('trustMaterialFor lists the keys and identities the rule needs', () => {
    const m = trustMaterialFor(policy, 'registry.acme.io/prod/api');
    expect(m.match?.rule.name).toBe('prod');
    expect(m.keys.map((k) => k.keyId)).toEqual([keys[0]!.keyId, keys[1]!.keyId]);
    expect(m.identities).toHaveLength(1);
    expect(trustMaterialFor(policy, 'registry.acme.io/dev/x').identities).toHaveLength(0);
  });

  it('is deterministic and never throws on arbitrary fact lists', () => {
    const signerArb = fc.oneof(
      fc.constantFrom(key(0), key(1), key(2), ci),
      fc.record({ kind: fc.constant('keyless' as const), subject: fc.string(), issuer: fc.string() }),
    );
    fc.assert(
      fc.property(
        fc.array(signerArb, { maxLength: 5 }),
        fc.array(signerArb, { maxLength: 3 }),
        (sigs, atts) => {
          const facts: VerifiedFacts = {
            digest: D,
            signatures: sigs.map((signer) => ({ signer })),
            attestations: atts.map((signer) => ({ signer, statement: vuln('2026-02-28T00:00:00Z', []) })),
          };
          const a = evaluatePolicy(policy, 'registry.acme.io/prod/api', facts, { now: NOW });
          expect(evaluatePolicy(policy, 'registry.acme.io/prod/api', facts, { now: NOW })).toEqual(a);
          // Without the provenance attestation from ci, prod must never allow.
          expect(a.allowed).toBe(false);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describeWithFixtures(
  'trust policy files with real keys and signatures (connaisseur fixtures)',
  ['supply/connaisseur-cosign', 'supply/connaisseur-notation'],
  () => {
    let dir: string;
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'bulwark-policy-'));
      for (const k of ['alice', 'bob', 'charlie', 'default'])
        copyFileSync(fixture('supply/connaisseur-cosign', `${k}.pub`), join(dir, `${k}.pub`));
      mkdirSync(join(dir, 'notation/store/x509/ca/ssе'), { recursive: true });
      writeFileSync(
        join(dir, 'notation/trustpolicy.json'),
        JSON.stringify({
          version: '1.0',
          trustPolicies: [
            {
              name: 'all',
              registryScopes: ['*'],
              signatureVerification: { level: 'strict' },
              trustStores: ['ca:sse'],
              trustedIdentities: ['*'],
            },
          ],
        }),
      );
      mkdirSync(join(dir, 'notation/store/x509/ca/sse'), { recursive: true });
      copyFileSync(
        fixture('supply/connaisseur-notation/ca.pem'),
        join(dir, 'notation/store/x509/ca/sse/ca.pem'),
      );
      writeFileSync(
        join(dir, 'policy.yaml'),
        `apiVersion: bulwark.dev/v1
kind: TrustPolicy
signers:
  alice: {key: alice.pub}
  bob: {key: bob.pub}
  charlie: {key: charlie.pub}
  default: {key: default.pub}
  sse: {notation: {trustPolicy: notation/trustpolicy.json, trustStore: notation/store}}
rules:
  - name: testimage
    images: ["docker.io/securesystemsengineering/testimage"]
    signers: [alice, bob, charlie]
    threshold: 3
  - name: strict-default
    images: ["docker.io/securesystemsengineering/*"]
    signers: [default]
`,
      );
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('loads keys and Notation stores relative to the policy file', async () => {
      const p = await loadTrustPolicy(join(dir, 'policy.yaml'));
      expect([...p.signers.keys()]).toEqual(['alice', 'bob', 'charlie', 'default', 'sse']);
      expect(p.signers.get('sse')?.kind).toBe('notation');
    });

    it('three connaisseur signatures meet threshold 3 of alice, bob, charlie', async () => {
      const p = await loadTrustPolicy(join(dir, 'policy.yaml'));
      const digest = 'sha256:bfec161fecb0a887df7cb85e4da327c65986ccda7060cf3cd92171c6c90d7533';
      const sig = JSON.parse(
        readFileSync(
          fixture('supply/connaisseur-cosign/manifests', `${digest.replace(':', '-')}.sig.json`),
          'utf8',
        ),
      );
      const m = trustMaterialFor(p, 'securesystemsengineering/testimage:latest');
      const facts: VerifiedFacts = { digest, attestations: [], signatures: [] };
      for (const l of sig.layers) {
        const payload = readFileSync(fixture('supply/connaisseur-cosign/blobs', `${l.digest}.json`));
        const v = verifySimpleSignature(
          { payload, signature: l.annotations['dev.cosignproject.cosign/signature'], expectedDigest: digest },
          m.keys,
        );
        facts.signatures.push({ signer: { kind: 'key', keyId: v.key.keyId }, source: '.sig' });
      }
      expect(evaluatePolicy(p, 'securesystemsengineering/testimage:latest', facts)).toMatchObject({
        allowed: true,
        rule: 'testimage',
      });
      // Two of three is not enough.
      expect(
        evaluatePolicy(p, 'securesystemsengineering/testimage', {
          ...facts,
          signatures: facts.signatures.slice(1),
        }),
      ).toMatchObject({
        allowed: false,
        code: 'UNTRUSTED_IDENTITY',
      });
      // Other images of the org need the default key, which signed none of them.
      expect(evaluatePolicy(p, 'securesystemsengineering/other', facts)).toMatchObject({
        allowed: false,
        rule: 'strict-default',
      });
    });

    it('a missing key file is NOT_FOUND naming the file', async () => {
      const doc = parseTrustPolicy(
        `apiVersion: bulwark.dev/v1\nkind: TrustPolicy\nsigners: {x: {key: nope.pub}}\nrules: [{name: r, images: ["**"], signers: [x]}]\n`,
      );
      await expect(resolveTrustPolicy(doc, { baseDir: dir })).rejects.toMatchObject({
        code: 'NOT_FOUND',
        message: expect.stringContaining('nope.pub'),
      });
    });
  },
);

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { describeWithFixtures, fixture } from '../../../test/support/fixtures.js';
import { generateKeyPair, loadPrivateKey, loadPublicKey } from '../keys/index.js';
import { signEnvelope } from '../dsse/index.js';
import {
  INTOTO_PAYLOAD_TYPE,
  PREDICATE_TYPES,
  STATEMENT_V01,
  checkSubject,
  createAttestation,
  parseStatement,
  predicateTypeMatches,
  predicateTypeUri,
  verifyAttestation,
} from './index.js';

const D1 = `sha256:${'1'.repeat(64)}`;
const D2 = `sha256:${'2'.repeat(64)}`;
const SLSA = 'supply/slsa-v1-provenance-statement.from-conformance.json';

describeWithFixtures('SLSA v1 provenance statement (fixture)', [SLSA], () => {
  it('parses and exposes the builder id', () => {
    const s = parseStatement(readFileSync(fixture(SLSA)));
    expect(s.predicateType).toBe(PREDICATE_TYPES.slsaprovenance1);
    expect(predicateTypeMatches('slsaprovenance', s.predicateType)).toBe(true);
    expect((s.predicate as { runDetails: { builder: { id: string } } }).runDetails.builder.id).toMatch(
      /^https:\/\//,
    );
  });
});

describe('in-toto statements and attestations', () => {
  it.each([
    ['slsaprovenance', 'https://slsa.dev/provenance/v0.2'],
    ['slsaprovenance1', 'https://slsa.dev/provenance/v1'],
    ['cyclonedx', 'https://cyclonedx.org/bom'],
    ['spdx', 'https://spdx.dev/Document'],
    ['openvex', 'https://openvex.dev/ns'],
    ['vuln', 'https://cosign.sigstore.dev/attestation/vuln/v1'],
    ['https://example.com/custom/v1', 'https://example.com/custom/v1'],
  ])('--type %s → %s', (t, uri) => {
    expect(predicateTypeUri(t)).toBe(uri);
  });

  it('refuses unknown short names', () => {
    expect(() => predicateTypeUri('sbom')).toThrow(expect.objectContaining({ code: 'USAGE' }));
  });

  it('create → verify; subject of another image → DIGEST_MISMATCH; other type → UNSIGNED', async () => {
    const gen = await generateKeyPair('p');
    const k = await loadPrivateKey(gen.privateKeyPem, 'p');
    const env = createAttestation([k], {
      name: 'localhost:5000/app',
      digest: D1,
      predicateType: PREDICATE_TYPES.cyclonedx,
      predicate: { bomFormat: 'CycloneDX' },
    });
    const v = verifyAttestation(env, [k.publicKey], D1, { predicateType: 'cyclonedx' });
    expect(v.statement._type).toBe('https://in-toto.io/Statement/v1');
    expect(v.statement.subject[0]!.digest).toEqual({ sha256: '1'.repeat(64) });
    expect(() => verifyAttestation(env, [k.publicKey], D2)).toThrow(
      expect.objectContaining({ code: 'DIGEST_MISMATCH' }),
    );
    expect(() => verifyAttestation(env, [k.publicKey], D1, { predicateType: 'spdx' })).toThrow(
      expect.objectContaining({ code: 'UNSIGNED' }),
    );
    const other = loadPublicKey((await generateKeyPair('p')).publicKeyPem);
    expect(() => verifyAttestation(env, [other], D1)).toThrow(
      expect.objectContaining({ code: 'UNTRUSTED_IDENTITY' }),
    );
  });

  it('reads cosign 2.x Statement v0.1', async () => {
    const k = await loadPrivateKey((await generateKeyPair('p')).privateKeyPem, 'p');
    const stmt = {
      _type: STATEMENT_V01,
      predicateType: 'x:y',
      subject: [{ name: 'a', digest: { sha256: '1'.repeat(64) } }],
      predicate: {},
    };
    const env = signEnvelope(INTOTO_PAYLOAD_TYPE, Buffer.from(JSON.stringify(stmt)), [k]);
    expect(verifyAttestation(env, [k.publicKey], D1).statement._type).toBe(STATEMENT_V01);
  });

  it('rejects a non-in-toto payload type', async () => {
    const k = await loadPrivateKey((await generateKeyPair('p')).privateKeyPem, 'p');
    const env = signEnvelope('text/plain', Buffer.from('{}'), [k]);
    expect(() => verifyAttestation(env, [k.publicKey], D1)).toThrow(
      expect.objectContaining({ code: 'BAD_SIGNATURE' }),
    );
  });

  it.each([
    ['no subject', { _type: 'https://in-toto.io/Statement/v1', subject: [], predicateType: 'x' }],
    ['bad type', { _type: 'https://in-toto.io/Statement/v9', subject: [{ digest: {} }], predicateType: 'x' }],
    [
      'digest not object',
      { _type: 'https://in-toto.io/Statement/v1', subject: [{ digest: 'x' }], predicateType: 'x' },
    ],
  ])('malformed statement: %s', (_n, doc) => {
    expect(() => parseStatement(Buffer.from(JSON.stringify(doc)))).toThrow(
      expect.objectContaining({ code: 'BAD_SIGNATURE' }),
    );
  });

  it('subject check is exact about algorithm and hex', () => {
    const s = parseStatement(
      Buffer.from(
        JSON.stringify({
          _type: 'https://in-toto.io/Statement/v1',
          subject: [{ name: 'a', digest: { sha512: '1'.repeat(64) } }],
          predicateType: 'x',
        }),
      ),
    );
    expect(() => checkSubject(s, D1)).toThrow(expect.objectContaining({ code: 'DIGEST_MISMATCH' }));
  });
});

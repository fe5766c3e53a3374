// sigstore-conformance bundle-verify cases, read the way the conformance client reads them
// (client.py.ref BundleMaterials.from_dir and test/assets/bundle-verify/README.md):
// bundle.sigstore.json; optional trusted_root.json (default: the public-good production root);
// optional key.pub (verify with the key instead of an identity); identity/issuer files (defaults
// below); artifact (default ../a.txt; for DSSE it is the attestation subject).
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { describeWithFixtures, fixture } from '../../../test/support/fixtures.js';
import { isBulwarkError } from '../../core/errors.js';
import { loadPublicKey } from '../keys/public.js';
import { parseTrustedRoot, verifyBundle, type TrustRoot } from './index.js';

const BASE = 'supply/sigstore-conformance/test/assets/bundle-verify';
const DEFAULT_IDENTITY =
  'https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main';
const DEFAULT_ISSUER = 'https://token.actions.githubusercontent.com';

/**
 * The conformance client fetches the current production trusted root over TUF; offline we rebuild it
 * from the fixtures. `trust-root-tlog-validity-end-inclusive/trusted_root.json` is, per its README,
 * "the production trusted root" with one edit: the Rekor key wNI9at… got `validFor.end` set to that
 * bundle's integrated time. Undoing that one edit (the key has no end in cosign's trusted_root_pgi.json
 * either) gives the production root of the snapshot, including its TSA and Rekor v2 log.
 */
function productionRoot(): { root: TrustRoot; json: Record<string, unknown> } {
  const json = JSON.parse(
    readFileSync(fixture(BASE, 'trust-root-tlog-validity-end-inclusive/trusted_root.json'), 'utf8'),
  );
  const pgi = JSON.parse(readFileSync(fixture('supply/cosign/trusted_root_pgi.json'), 'utf8'));
  const id = 'wNI9atQGlz+VWfO6LRygH4QUfY/8W4RFwiT5i5WRgB0=';
  const log = json.tlogs.find((t: { logId: { keyId: string } }) => t.logId.keyId === id);
  const pgiLog = pgi.tlogs.find((t: { logId: { keyId: string } }) => t.logId.keyId === id);
  expect(log.publicKey.rawBytes).toBe(pgiLog.publicKey.rawBytes);
  expect(pgiLog.publicKey.validFor.end).toBeUndefined();
  delete log.publicKey.validFor.end;
  return { root: parseTrustedRoot(json), json };
}

interface Outcome {
  name: string;
  expectFail: boolean;
  accepted: boolean;
  error?: string;
}

function runCase(dir: string, name: string, defaultRoot: TrustRoot): Outcome {
  const p = (f: string): string => join(dir, f);
  const expectFail = name.endsWith('_fail');
  try {
    const trustedRoot = existsSync(p('trusted_root.json'))
      ? parseTrustedRoot(readFileSync(p('trusted_root.json')))
      : defaultRoot;
    const artifact = readFileSync(existsSync(p('artifact')) ? p('artifact') : join(dir, '..', 'a.txt'));
    const identity = existsSync(p('identity'))
      ? readFileSync(p('identity'), 'utf8').trim()
      : DEFAULT_IDENTITY;
    const issuer = existsSync(p('issuer')) ? readFileSync(p('issuer'), 'utf8').trim() : DEFAULT_ISSUER;
    const keyed = existsSync(p('key.pub'));
    verifyBundle(readFileSync(p('bundle.sigstore.json')), {
      trustedRoot,
      artifact,
      ...(keyed
        ? // Managed keys are checked against the log like keyless ones (sigstore-conformance runs
          // `verify-bundle --key`): one log entry or timestamp is required.
          {
            keys: [loadPublicKey(readFileSync(p('key.pub'), 'utf8'))],
            tlogThreshold: 0,
            timestampThreshold: 1,
          }
        : { identities: [{ subject: identity, issuer }] }),
    });
    return { name, expectFail, accepted: true };
  } catch (err) {
    if (!isBulwarkError(err)) throw err; // a crash is a bug, not a rejection
    return { name, expectFail, accepted: false, error: `${err.code}: ${err.message}` };
  }
}

describeWithFixtures(
  'sigstore-conformance bundle-verify',
  [BASE, 'supply/cosign/trusted_root_pgi.json'],
  () => {
    const base = fixture(BASE);
    const cases = readdirSync(base)
      .filter((d) => existsSync(join(base, d, 'bundle.sigstore.json')))
      .sort();

    it('has the 70 cases', () => {
      expect(cases).toHaveLength(70);
    });

    it('verifies ≥ 67/70 correctly and accepts no _fail case', () => {
      const { root } = productionRoot();
      const outcomes = cases.map((c) => runCase(join(base, c), c, root));
      const correct = outcomes.filter((o) => o.accepted !== o.expectFail);
      for (const o of outcomes.filter((x) => x.accepted === x.expectFail)) {
        console.log(`conformance miss: ${o.name}: ${o.accepted ? 'accepted' : `rejected (${o.error})`}`);
      }
      console.log(`sigstore-conformance bundle-verify: ${correct.length}/${outcomes.length} correct`);
      expect(outcomes.filter((o) => o.expectFail && o.accepted).map((o) => o.name)).toEqual([]);
      expect(correct.length).toBeGreaterThanOrEqual(67);
    });

    it("with cosign's older trusted_root_pgi.json as the default root, still no _fail case is accepted", () => {
      const pgi = parseTrustedRoot(readFileSync(fixture('supply/cosign/trusted_root_pgi.json')));
      const outcomes = cases.map((c) => runCase(join(base, c), c, pgi));
      const correct = outcomes.filter((o) => o.accepted !== o.expectFail).length;
      console.log(
        `sigstore-conformance bundle-verify (cosign pgi root as default): ${correct}/${outcomes.length} correct`,
      );
      expect(outcomes.filter((o) => o.expectFail && o.accepted).map((o) => o.name)).toEqual([]);
    });
  },
);

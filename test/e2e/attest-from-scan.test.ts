// `bulwark attest --from-scan` against a real docker-registry, a real debootstrap image and real-schema
// OSV records in a vulnerability DB: vuln and SBOM attestations made from a scan of the digest,
// verified with verify-attestation, and gated by a trust policy ("vuln scan newer than 7 days with no
// CRITICAL"), including a multi-platform index and the refusals (no DB data, wrong --platform).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/core/model.js';
import { RegistryClient } from '../../src/image/registry/client.js';
import { generateKeyPair } from '../../src/signing/keys/generate.js';
import { cli } from '../support/cli.js';
import { fixture } from '../support/fixtures.js';
import { bookwormOciLayout } from '../support/images.js';
import { htpasswdEntry } from '../support/registry-auth.js';
import { startRegistry, type TestRegistry } from '../support/registry.js';
import { tinyImage } from '../support/tiny-image.js';
import { missingTools } from '../support/tools.js';

const skip = missingTools(['docker-registry', 'skopeo', 'umoci', 'debootstrap', 'htpasswd'], {
  root: true,
});
const PW = 'from-scan-pw';
const DAY = 86_400_000;

interface Statement {
  subject: { name: string; digest: { sha256: string } }[];
  predicateType: string;
  predicate: Record<string, unknown>;
}
interface VerifyReport {
  digest: string;
  verified: { kind: string; predicateType?: string; statement?: Statement }[];
}
interface AttestResult {
  reference: string;
  digest: string;
  kind: string;
  predicateType: string;
  scan: {
    target: string;
    manifestDigest: string;
    platform?: string;
    packages: number;
    vulnerabilities: Record<string, number>;
  };
}
interface VulnPredicate {
  scanner: { uri: string; db: { uri: string; version: string }; result: Report };
  metadata: { scanStartedOn: string; scanFinishedOn: string };
  invocation: { parameters: Record<string, unknown> };
}

/** An OSV record in the published schema (as the Debian feed writes them). */
function osv(id: string, name: string, events: object[], vector?: string): object {
  return {
    schema_version: '1.6.0',
    id: `DEBIAN-${id}`,
    aliases: [id],
    modified: '2026-11-01T00:00:00Z',
    published: '2026-10-01T00:00:00Z',
    summary: `${name} test advisory ${id}`,
    affected: [{ package: { ecosystem: 'Debian:12', name }, ranges: [{ type: 'ECOSYSTEM', events }] }],
    ...(vector ? { severity: [{ type: 'CVSS_V3', score: vector }] } : {}),
  };
}

describe.skipIf(skip)('attest --from-scan (real registry, image and DB)', () => {
  let reg: TestRegistry;
  let dir: string;
  let key: string;
  let pub: string;
  let env: NodeJS.ProcessEnv;
  let highDb: string; // HIGH and UNKNOWN findings, no CRITICAL
  let critDb: string; // the same plus one CRITICAL advisory
  let layout: { dir: string; tag: string };
  let bashVersion: string;
  const digests: Record<string, string> = {};

  const push = (repo: string): string => {
    execFileSync('skopeo', [
      'copy',
      '--quiet',
      '--dest-tls-verify=false',
      `oci:${layout.dir}:${layout.tag}`,
      `docker://${reg.host}/${repo}:bookworm`,
    ]);
    return execFileSync(
      'skopeo',
      ['inspect', '--tls-verify=false', '--format', '{{.Digest}}', `docker://${reg.host}/${repo}:bookworm`],
      { encoding: 'utf8' },
    ).trim();
  };
  const run = (args: string[]) => cli(args, { env });
  const attest = (ref: string, ...args: string[]) =>
    run(['attest', '--key', key, '--from-scan', '--format', 'json', ...args, ref]);
  const verifyAtt = (ref: string, type: string): VerifyReport => {
    const v = run(['verify-attestation', '--key', pub, '--type', type, '--format', 'json', ref]);
    expect(v.status, v.stderr).toBe(0);
    return (JSON.parse(v.stdout) as VerifyReport[])[0]!;
  };
  const importDb = (name: string, records: object[]): string => {
    const src = join(dir, `${name}-osv`);
    mkdirSync(src);
    records.forEach((r, i) => writeFileSync(join(src, `r${i}.json`), JSON.stringify(r)));
    const db = join(dir, `${name}.sqlite`);
    const imp = run(['db', 'import', src, '--db', db]);
    expect(imp.status, imp.stderr).toBe(0);
    return db;
  };

  beforeAll(async () => {
    reg = await startRegistry();
    dir = mkdtempSync(join(tmpdir(), 'bulwark-from-scan-'));
    env = {
      BULWARK_PASSWORD: PW,
      COSIGN_REPOSITORY: '',
      BULWARK_CACHE_DIR: join(dir, 'cache'),
      BULWARK_DB: join(dir, 'empty.sqlite'),
    };
    const pair = await generateKeyPair(PW);
    key = join(dir, 'ci.key');
    pub = join(dir, 'ci.pub');
    writeFileSync(key, pair.privateKeyPem, { mode: 0o600 });
    writeFileSync(pub, pair.publicKeyPem);

    layout = await bookwormOciLayout();
    const scan = run(['image', `oci:${layout.dir}:${layout.tag}`, '--offline', '--format', 'json']);
    expect(scan.status, scan.stderr).toBe(0);
    const pkgs = (JSON.parse(scan.stdout) as Report).packages;
    const libc = pkgs.find((p) => p.name === 'libc6')!.source!.version;
    bashVersion = pkgs.find((p) => p.name === 'bash')!.version;
    const base = [
      // glibc (binaries libc6, libc-bin) fixed later: HIGH by its CVSS vector (7.5).
      osv(
        'CVE-2099-1001',
        'glibc',
        [{ introduced: '0' }, { fixed: `${libc}+deb12u99` }],
        'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N',
      ),
      // bash, unfixed and without a score: UNKNOWN.
      osv('CVE-2099-1002', 'bash', [{ introduced: '0' }]),
    ];
    highDb = importDb('high', base);
    critDb = importDb('crit', [
      ...base,
      // bash again, CRITICAL by its vector (9.8).
      osv('CVE-2099-1003', 'bash', [{ introduced: '0' }], 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H'),
    ]);
    for (const repo of ['app/debian', 'clean/debian', 'crit/debian', 'old/debian'])
      digests[repo] = push(repo);
  }, 600_000);

  afterAll(async () => {
    await reg?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('--type vuln: scans the digest the tag names, attests that digest, and verify-attestation shows the report', () => {
    const ref = `${reg.host}/app/debian:bookworm`;
    const before = Date.now();
    const a = attest(ref, '--type', 'vuln', '--db', highDb, '--offline');
    expect(a.status, a.stderr).toBe(0);
    const [r] = JSON.parse(a.stdout) as AttestResult[];
    const digest = digests['app/debian']!;
    expect(r).toMatchObject({
      digest,
      kind: 'cosign-attestation',
      predicateType: 'https://cosign.sigstore.dev/attestation/vuln/v1',
      scan: {
        target: `${reg.host}/app/debian@${digest}`,
        manifestDigest: digest,
        platform: 'linux/amd64',
        vulnerabilities: { HIGH: 2, UNKNOWN: 1 },
      },
    });
    expect(r!.scan.packages).toBeGreaterThan(80);

    const v = verifyAtt(ref, 'vuln');
    expect(v.digest).toBe(digest);
    expect(v.verified).toHaveLength(1);
    const st = v.verified[0]!.statement!;
    // The subject is the manifest digest although the reference was a tag.
    expect(st.subject).toEqual([{ name: `${reg.host}/app/debian`, digest: { sha256: digest.slice(7) } }]);
    const p = st.predicate as unknown as VulnPredicate;
    // The scan read exactly that digest, never the tag.
    expect(p.scanner.result.artifact).toMatchObject({
      name: `${reg.host}/app/debian@${digest}`,
      kind: 'registry',
      digest,
    });
    expect(p.scanner.result.schemaVersion).toBe(1);
    expect(p.scanner.result.vulnerabilities.map((x) => `${x.id} ${x.package} ${x.severity}`).sort()).toEqual([
      'CVE-2099-1001 libc-bin HIGH',
      'CVE-2099-1001 libc6 HIGH',
      'CVE-2099-1002 bash UNKNOWN',
    ]);
    expect(p.scanner.uri).toMatch(/^pkg:npm\/bulwark@/);
    expect(p.scanner.db.version).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(p.scanner.db.uri).toBe(''); // a local import: no path of this machine is published
    const finished = Date.parse(p.metadata.scanFinishedOn);
    expect(finished).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
    expect(finished).toBeLessThanOrEqual(Date.now());
    expect(Date.parse(p.metadata.scanStartedOn)).toBeLessThanOrEqual(finished);
    expect(p.invocation.parameters).toEqual({
      image: `${reg.host}/app/debian@${digest}`,
      manifest: digest,
      platform: 'linux/amd64',
      scanners: ['vuln'],
    });

    // The table form says what was scanned and where the attestation went.
    const t = run([
      'attest',
      '--key',
      key,
      '--from-scan',
      '--type',
      'vuln',
      '--db',
      highDb,
      '--offline',
      ref,
    ]);
    expect(t.status, t.stderr).toBe(0);
    expect(t.stdout.trim()).toBe(`${ref}@${digest}`);
    expect(t.stderr).toMatch(
      new RegExp(
        `scanned ${reg.host}/app/debian@${digest}: \\d+ packages, 3 vulnerabilities \\(HIGH 2, UNKNOWN 1\\)`,
      ),
    );
    expect(t.stderr).toMatch(/attested .* → sha256-[0-9a-f]{64}\.att/);
  });

  it.each([
    ['cyclonedx', false],
    ['spdx', true],
  ] as const)('--type %s (bundle %s): the SBOM of the scanned digest', (type, bundle) => {
    const ref = `${reg.host}/app/debian:bookworm`;
    const a = attest(ref, '--type', type, ...(bundle ? ['--bundle'] : []));
    expect(a.status, a.stderr).toBe(0);
    const [r] = JSON.parse(a.stdout) as AttestResult[];
    expect(r!.digest).toBe(digests['app/debian']);
    expect(r!.kind).toBe(bundle ? 'sigstore-bundle' : 'cosign-attestation');
    expect(r!.scan.vulnerabilities).toEqual({}); // an SBOM needs no vulnerability data
    const v = verifyAtt(ref, type);
    const st = v.verified[0]!.statement!;
    expect(st.subject[0]!.digest.sha256).toBe(digests['app/debian']!.slice(7));
    const pred = st.predicate;
    if (type === 'cyclonedx') {
      expect(pred).toMatchObject({ bomFormat: 'CycloneDX' });
      const comps = pred.components as { name: string; version: string; purl: string }[];
      expect(comps.find((c) => c.name === 'bash')).toMatchObject({ version: bashVersion });
      expect(comps.filter((c) => c.purl?.startsWith('pkg:deb/debian/')).length).toBe(r!.scan.packages);
    } else {
      expect(pred).toMatchObject({ spdxVersion: 'SPDX-2.3' });
      const pkgs = pred.packages as { name: string; versionInfo?: string }[];
      expect(pkgs.find((x) => x.name === 'bash')?.versionInfo).toBe(bashVersion);
    }
  });

  describe('trust policy gate: a vuln scan newer than 7 days with no CRITICAL', () => {
    let policy: string;
    beforeAll(() => {
      policy = join(dir, 'policy.yaml');
      writeFileSync(
        policy,
        `apiVersion: bulwark.dev/v1
kind: TrustPolicy
signers:
  ci: { key: ${pub} }
rules:
  - name: scanned
    images: ['${reg.host}/*/debian']
    signers: [ci]
    attestations:
      - type: vuln
        maxAge: 7d
        denySeverities: [CRITICAL]
`,
      );
      for (const repo of ['clean/debian', 'crit/debian', 'old/debian']) {
        const s = run(['sign', '--key', key, `${reg.host}/${repo}:bookworm`]);
        expect(s.status, s.stderr).toBe(0);
      }
    });
    const gate = (repo: string) =>
      run(['verify', '--policy', policy, '--format', 'json', `${reg.host}/${repo}:bookworm`]);

    it('allows the image whose fresh scan has HIGH findings but no CRITICAL', () => {
      const ref = `${reg.host}/clean/debian:bookworm`;
      expect(gate('clean/debian').status).toBe(20); // nothing attested yet
      const a = attest(ref, '--type', 'vuln', '--db', highDb, '--skip-db-update');
      expect(a.status, a.stderr).toBe(0);
      const g = gate('clean/debian');
      expect(g.status, g.stderr).toBe(0);
      const [d] = JSON.parse(g.stdout) as {
        digest: string;
        decision: { allowed: boolean; reasons: string[] };
      }[];
      expect(d!.digest).toBe(digests['clean/debian']);
      expect(d!.decision.allowed).toBe(true);
      expect(d!.decision.reasons.join('\n')).toMatch(/vuln attestation satisfies the rule/);
    });

    it('denies (23) the image whose attested scan holds a CRITICAL finding', () => {
      const a = attest(`${reg.host}/crit/debian:bookworm`, '--type', 'vuln', '--db', critDb, '--offline');
      expect(a.status, a.stderr).toBe(0);
      expect((JSON.parse(a.stdout) as AttestResult[])[0]!.scan.vulnerabilities).toEqual({
        CRITICAL: 1,
        HIGH: 2,
        UNKNOWN: 1,
      });
      const g = run(['verify', '--policy', policy, `${reg.host}/crit/debian:bookworm`]);
      expect(g.status).toBe(23);
      expect(g.stderr).toMatch(/denied/);
      expect(g.stderr).toMatch(/1 CRITICAL vulnerability/);
    });

    it('denies (23) the image whose attested scan is older than maxAge (predicate file)', () => {
      // Take a real predicate made from a scan, and date it 30 days back.
      const fresh = verifyAtt(`${reg.host}/app/debian:bookworm`, 'vuln').verified[0]!.statement!
        .predicate as unknown as VulnPredicate;
      const old = new Date(Date.now() - 30 * DAY).toISOString().replace(/\.\d+Z$/, 'Z');
      const file = join(dir, 'old-vuln.json');
      writeFileSync(
        file,
        JSON.stringify({ ...fresh, metadata: { scanStartedOn: old, scanFinishedOn: old } }),
      );
      const ref = `${reg.host}/old/debian:bookworm`;
      const a = run(['attest', '--key', key, '--type', 'vuln', '--predicate', file, ref]);
      expect(a.status, a.stderr).toBe(0);
      const g = run(['verify', '--policy', policy, ref]);
      expect(g.status).toBe(23);
      expect(g.stderr).toMatch(new RegExp(`made ${old.replace('Z', '')}.*older than 7d`));
      // A fresh scan of the same image satisfies the gate again.
      expect(attest(ref, '--type', 'vuln', '--db', highDb, '--offline').status).toBe(0);
      expect(run(['verify', '--policy', policy, ref]).status).toBe(0);
    });
  });

  it('a multi-platform index: --platform is required; the index digest is attested with that platform’s scan', async () => {
    const client = new RegistryClient({ anonymous: true });
    const repo = { registry: reg.host, repository: 'multi/app' };
    try {
      execFileSync('skopeo', [
        'copy',
        '--quiet',
        '--dest-tls-verify=false',
        `oci:${layout.dir}:${layout.tag}`,
        `docker://${reg.host}/multi/app:amd64`,
      ]);
      const amd = await client.getManifest(repo, 'amd64');
      const arm = await tinyImage('multi-arm64', 'arm64');
      await client.pushBlob(repo, arm.config);
      await client.pushBlob(repo, arm.layer);
      await client.putManifest(repo, 'arm64', arm.manifest, arm.mediaType);
      const index = Buffer.from(
        JSON.stringify({
          schemaVersion: 2,
          mediaType: 'application/vnd.oci.image.index.v1+json',
          manifests: [
            {
              mediaType: amd.mediaType,
              digest: amd.digest,
              size: amd.bytes.length,
              platform: { os: 'linux', architecture: 'amd64' },
            },
            {
              mediaType: arm.mediaType,
              digest: arm.manifestDigest,
              size: arm.manifest.length,
              platform: { os: 'linux', architecture: 'arm64' },
            },
          ],
        }),
      );
      const indexDigest = await client.putManifest(
        repo,
        'v1',
        index,
        'application/vnd.oci.image.index.v1+json',
      );
      const ref = `${reg.host}/multi/app:v1`;

      const noPlatform = attest(ref, '--type', 'vuln', '--db', highDb, '--offline');
      expect(noPlatform.status).toBe(2);
      expect(noPlatform.stderr).toMatch(/multi-platform index \(linux\/amd64, linux\/arm64\).*--platform/);

      const a = attest(ref, '--type', 'vuln', '--db', highDb, '--offline', '--platform', 'linux/amd64');
      expect(a.status, a.stderr).toBe(0);
      const [r] = JSON.parse(a.stdout) as AttestResult[];
      expect(r!.digest).toBe(indexDigest);
      expect(r!.scan).toMatchObject({ manifestDigest: amd.digest, platform: 'linux/amd64' });
      const v = verifyAtt(ref, 'vuln');
      expect(v.digest).toBe(indexDigest);
      const st = v.verified[0]!.statement!;
      expect(st.subject[0]!.digest.sha256).toBe(indexDigest.slice(7));
      expect((st.predicate as unknown as VulnPredicate).scanner.result.artifact.digest).toBe(amd.digest);
    } finally {
      await client.close();
    }
  });

  it('a registry with Basic auth: the scan reads with the same --registry-username/--registry-password', async () => {
    const locked = await startRegistry({ htpasswd: htpasswdEntry('alice', 'pw') });
    const client = new RegistryClient({
      credentials: { credential: { kind: 'basic', username: 'alice', password: 'pw' }, source: 'test' },
    });
    const noDockerConfig = mkdtempSync(join(tmpdir(), 'bulwark-from-scan-dc-'));
    try {
      const repo = { registry: locked.host, repository: 'private/app' };
      const img = await tinyImage('private');
      await client.pushBlob(repo, img.config);
      await client.pushBlob(repo, img.layer);
      const digest = await client.putManifest(repo, 'v1', img.manifest, img.mediaType);
      const ref = `${locked.host}/private/app:v1`;
      const e = { ...env, DOCKER_CONFIG: noDockerConfig };
      const creds = ['--registry-username', 'alice', '--registry-password', 'pw'];
      const denied = cli(['attest', '--key', key, '--from-scan', '--type', 'cyclonedx', ref], { env: e });
      expect(denied.status).toBe(13);
      const a = cli(
        ['attest', '--key', key, '--from-scan', '--type', 'cyclonedx', '--format', 'json', ...creds, ref],
        {
          env: e,
        },
      );
      expect(a.status, a.stderr).toBe(0);
      expect((JSON.parse(a.stdout) as AttestResult[])[0]).toMatchObject({
        digest,
        scan: { target: `${locked.host}/private/app@${digest}`, manifestDigest: digest },
      });
      const v = cli(['verify-attestation', '--key', pub, '--type', 'cyclonedx', ...creds, ref], { env: e });
      expect(v.status, v.stderr).toBe(0);
    } finally {
      await client.close();
      await locked.stop();
      rmSync(noDockerConfig, { recursive: true, force: true });
    }
  });

  it.each([
    [
      'a --platform that a single-platform digest does not have → 2',
      ['--type', 'cyclonedx', '--platform', 'linux/arm64'],
      2,
      /--platform linux\/arm64 does not match .*single-platform image for linux\/amd64/,
    ],
    [
      'a vuln scan with an empty DB is refused (15), not attested as "no vulnerabilities"',
      ['--type', 'vuln', '--offline'],
      15,
      /refusing to attest a vulnerability scan .* holds no data/,
    ],
  ])('%s', (_name, args, code, message) => {
    const ref = `${reg.host}/crit/debian:bookworm`;
    const before = run(['verify-attestation', '--key', pub, '--format', 'json', ref]);
    const count = (out: string) => (JSON.parse(out) as VerifyReport[])[0]!.verified.length;
    const r = attest(ref, ...args);
    expect(r.status).toBe(code);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n').at(-1)).not.toMatch(/\n\s+at /);
    // Nothing was written.
    const after = run(['verify-attestation', '--key', pub, '--format', 'json', ref]);
    expect(count(after.stdout)).toBe(count(before.stdout));
  });

  it('a vuln scan of Debian with only Alpine data loaded is refused (15): data for another release does not count', () => {
    const alpineOnly = join(dir, 'alpine-only.sqlite');
    const imp = run([
      'db',
      'import',
      fixture('vulndata', 'alpine-secdb-v3.10', 'main.json'),
      '--db',
      alpineOnly,
    ]);
    expect(imp.status, imp.stderr).toBe(0);
    const ref = `${reg.host}/crit/debian:bookworm`;
    const r = attest(ref, '--type', 'vuln', '--offline', '--db', alpineOnly);
    expect(r.status).toBe(15);
    expect(r.stderr).toMatch(/refusing to attest a vulnerability scan .* holds no data for Debian 12/);
  });
});

describe('attest --from-scan: usage errors (before any key, registry or scan)', () => {
  it.each([
    [['--from-scan', '--predicate', 'p.json', '--type', 'vuln'], /mutually exclusive/],
    [['--type', 'vuln'], /pass --predicate FILE \(JSON\), or --from-scan/],
    [
      ['--from-scan', '--type', 'slsaprovenance1'],
      /only vulnerability and SBOM predicates.*SLSA provenance.*build system.*--predicate FILE/,
    ],
    [['--from-scan', '--type', 'openvex'], /--type vuln, cyclonedx, spdx.*OpenVEX.*judgement/],
    [
      ['--from-scan', '--type', 'https://example.com/review/v1'],
      /cannot produce a "https:\/\/example.com\/review\/v1" predicate/,
    ],
    [['--from-scan'], /cannot produce a "custom" predicate/],
    [['--from-scan', '--type', 'nonsense'], /unknown predicate type "nonsense"/],
    [
      ['--predicate', 'p.json', '--type', 'vuln', '--db', 'x.sqlite', '--platform', 'linux/amd64'],
      /--db, --platform only apply with --from-scan/,
    ],
    [['--predicate', 'p.json', '--type', 'vuln', '--no-cache'], /--no-cache only applies with --from-scan/],
  ])('%j → exit 2', (args, message) => {
    const r = cli(['attest', ...args, '127.0.0.1:1/none:v1'], { env: { BULWARK_PASSWORD: 'x' } });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});

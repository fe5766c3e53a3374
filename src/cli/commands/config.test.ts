// `bulwark config` end to end through the built CLI: formats, filters, PSS, and bad input.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../../../test/support/cli.js';
import { sarifValidator } from '../../../test/support/sarif.js';
import { fixture, hasFixtures } from '../../../test/support/fixtures.js';

let dir: string;
const DEPLOY = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      hostPID: true
      containers:
        - name: app
          image: nginx:1.27
          securityContext:
            privileged: true
`;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'bulwark-config-'));
  mkdirSync(join(dir, 'repo/k8s/base'), { recursive: true });
  writeFileSync(join(dir, 'repo/k8s/base/deploy.yaml'), DEPLOY);
  writeFileSync(
    join(dir, 'repo/Dockerfile'),
    'FROM debian:12\nRUN apt-get update && apt-get install -y curl\n',
  );
  writeFileSync(
    join(dir, 'repo/compose.yaml'),
    'services:\n  app:\n    image: app:1\n    privileged: true\n',
  );
  writeFileSync(join(dir, 'repo/README.md'), '# not config\n');
  writeFileSync(join(dir, 'repo/k8s/broken.yaml'), 'a: [1, 2\n');
  writeFileSync(join(dir, 'invalid.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata: {name: x\n');
  writeFileSync(
    join(dir, 'latin1.yaml'),
    Buffer.concat([
      Buffer.from('apiVersion: v1\nkind: Pod\nmetadata:\n  name: caf'),
      Buffer.from([0xe9]),
      Buffer.from('\n'),
    ]),
  );
  writeFileSync(
    join(dir, 'unknown.yaml'),
    'apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\nspec: {}\n',
  );
  const bomb = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  const names = 'abcdefghij';
  for (let i = 1; i < 9; i++)
    bomb.push(
      `${names[i]}: &${names[i]} [${Array(9)
        .fill(`*${names[i - 1]}`)
        .join(',')}]`,
    );
  writeFileSync(join(dir, 'bomb.yaml'), `${bomb.join('\n')}\n`);
  // 50 MB: one document with a long list of items.
  const item = '  - { name: padding, value: "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" }\n';
  writeFileSync(
    join(dir, 'huge.yaml'),
    `apiVersion: v1\nkind: ConfigMap\nitems:\n${item.repeat(Math.ceil((50 * 1024 * 1024) / item.length))}`,
  );
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = (args: string[]) => cli(['config', ...args], { cwd: dir });

describe('bulwark config', () => {
  it('walks a directory; file = path as given + path below; notices skipped files', () => {
    const r = run(['repo/', '--format', 'json']);
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.schemaVersion).toBe(1);
    expect(report.artifact).toEqual({ name: 'repo/', kind: 'config' });
    const files = new Set(report.misconfigurations.map((m: { file: string }) => m.file));
    expect([...files].sort()).toEqual(['repo/Dockerfile', 'repo/compose.yaml', 'repo/k8s/base/deploy.yaml']);
    const priv = report.misconfigurations.find((m: { id: string }) => m.id === 'k8s:privileged');
    expect(priv).toMatchObject({
      severity: 'HIGH',
      file: 'repo/k8s/base/deploy.yaml',
      line: 13,
      resource: 'Deployment/web',
    });
    expect(priv.refs).toEqual(expect.arrayContaining(['KSV-0017', 'CKV_K8S_16']));
    expect(r.stderr).toMatch(/skipped repo\/k8s\/broken\.yaml:\d+: invalid YAML/);
    expect(report.warnings.some((w: string) => w.includes('broken.yaml'))).toBe(true);
  });

  it('filters by --severity and sets --exit-code only when findings remain', () => {
    const high = run([
      'repo/k8s/base/deploy.yaml',
      '--severity',
      'HIGH',
      '--exit-code',
      '5',
      '--format',
      'json',
    ]);
    expect(high.status).toBe(5);
    const ids = JSON.parse(high.stdout)
      .misconfigurations.map((m: { id: string }) => m.id)
      .sort();
    expect(ids).toEqual(['k8s:host-pid', 'k8s:privileged']);
    const none = run(['repo/k8s/base/deploy.yaml', '--severity', 'UNKNOWN', '--exit-code', '5']);
    expect(none.status).toBe(0);
  });

  it('prints a readable table without colour', () => {
    const r = run(['repo/k8s/base/deploy.yaml']);
    expect(r.status).toBe(0);
    expect(r.stdout.includes('\u001b[')).toBe(false);
    expect(r.stdout).toMatch(/^repo\/k8s\/base\/deploy\.yaml\s+3\s+LOW\s+k8s:network-policy/m);
    expect(r.stdout).toMatch(
      /^\s+8\s+HIGH\s+k8s:host-pid\s+KSV-0010\s+Deployment\/web\s+pod sets hostPID=true$/m,
    );
  });

  it('--pss reports upstream check ids and nothing else for Kubernetes objects', () => {
    const r = run(['--pss', 'baseline:v1.30', 'repo/k8s/base/deploy.yaml', '--format', 'json']);
    const ms = JSON.parse(r.stdout).misconfigurations;
    expect(ms.map((m: { id: string }) => m.id).sort()).toEqual(['pss:hostNamespaces', 'pss:privileged']);
    expect(ms.find((m: { id: string }) => m.id === 'pss:privileged').line).toBe(13);
    expect(JSON.parse(r.stdout).metadata.config.pss).toBe('baseline:v1.30');
  });

  it.runIf(hasFixtures('k8s/psa-testdata'))('--pss agrees with a PSA fixture pod', () => {
    const pass = cli([
      'config',
      '--pss',
      'restricted:v1.25',
      '--format',
      'json',
      fixture('k8s/psa-testdata/test/testdata/restricted/v1.25/pass/base.yaml'),
    ]);
    expect(JSON.parse(pass.stdout).misconfigurations).toEqual([]);
    const fail = cli([
      'config',
      '--pss',
      'restricted:v1.25',
      '--format',
      'json',
      fixture('k8s/psa-testdata/test/testdata/restricted/v1.25/fail/runasnonroot0.yaml'),
    ]);
    expect(JSON.parse(fail.stdout).misconfigurations.map((m: { id: string }) => m.id)).toEqual([
      'pss:runAsNonRoot',
    ]);
  });

  it('writes SARIF 2.1.0 that validates against the OASIS schema', async () => {
    const r = run(['repo/', '--format', 'sarif']);
    expect(r.status).toBe(0);
    const sarif = JSON.parse(r.stdout);
    const validate = await sarifValidator();
    expect(validate(sarif), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    const run0 = sarif.runs[0];
    expect(run0.tool.driver.name).toBe('Bulwark');
    const res = run0.results.find((x: { ruleId: string }) => x.ruleId === 'k8s:privileged');
    expect(res.level).toBe('error');
    expect(res.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'repo/k8s/base/deploy.yaml' },
      region: { startLine: 13 },
    });
    expect(run0.tool.driver.rules[res.ruleIndex].id).toBe('k8s:privileged');
    expect(run0.tool.driver.rules[res.ruleIndex].properties.tags).toContain('KSV-0017');
  });

  it.each([
    ['invalid YAML', ['invalid.yaml'], 4, /^bulwark: invalid\.yaml:[34]: invalid YAML: /],
    ['a YAML alias bomb', ['bomb.yaml'], 8, /^bulwark: bomb\.yaml:1: YAML aliases expand past 1000 nodes/],
    [
      'a 50 MB document',
      ['huge.yaml'],
      8,
      /^bulwark: huge\.yaml:1: file is 50\.\d MiB, over the 16\.0 MiB limit/,
    ],
    ['a non-UTF-8 file', ['latin1.yaml'], 4, /^bulwark: latin1\.yaml:4: not UTF-8 text/],
    ['a missing path', ['nope.yaml'], 3, /^bulwark: nope\.yaml: no such file or directory/],
    ['a bad --pss', ['--pss', 'strict', 'repo'], 2, /^bulwark: unknown Pod Security level "strict"/],
    [
      'a bad --pss version',
      ['--pss', 'baseline:1.30', 'repo'],
      2,
      /^bulwark: bad Pod Security version "1\.30"/,
    ],
  ])('%s: one line naming file and line, exit %s', (_name, args, code, re) => {
    const start = Date.now();
    const r = run(args as string[]);
    expect(r.status).toBe(code);
    expect(r.stderr).toMatch(re as RegExp);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(Date.now() - start).toBeLessThan(30_000);
  });

  it('an unknown kind is a notice naming file and line, not an error', () => {
    const r = run(['unknown.yaml', '--format', 'json']);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(
      /^bulwark: unknown\.yaml:1: Widget\/w \(example\.com\/v1\): kind Widget has no pod template Bulwark can find; skipped/,
    );
    expect(JSON.parse(r.stdout).misconfigurations).toEqual([]);
  });
});

// Issue 10 §2: every file argument must be a regular file. /dev/zero (never ends), a FIFO (its
// open blocks until a writer comes) and a directory each get one line and a distinct exit code,
// fast, from the real CLI: no hang, no unbounded read, no stack trace.
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN } from '../support/cli.js';
import { fixture } from '../support/fixtures.js';

const tmp = mkdtempSync(join(tmpdir(), 'bulwark-hostile-files-'));
const fifo = join(tmp, 'fifo');
execFileSync('mkfifo', [fifo]);
const dir = join(tmp, 'dir');
mkdirSync(dir);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const REF = '127.0.0.1:9/app:1'; // never contacted: the file is refused first
const rules = () => fixture('falco', 'falco_rules.yaml');
const auditRules = () => fixture('falco', 'k8s_audit_rules.yaml');

/** [name, argv with F for the hostile path]. */
const COMMANDS: [string, (f: string) => string[]][] = [
  ['verify --key', (f) => ['verify', '--key', f, REF]],
  [
    'verify --trusted-root',
    (f) => [
      'verify',
      '--trusted-root',
      f,
      '--certificate-identity',
      'a@b',
      '--certificate-oidc-issuer',
      'https://x',
      REF,
    ],
  ],
  ['verify --policy', (f) => ['verify', '--policy', f, REF]],
  ['attest --predicate', (f) => ['attest', '--key', f, '--predicate', f, '--type', 'custom', REF]],
  ['seccomp diff', (f) => ['seccomp', 'diff', f, f]],
  ['runtime replay (events)', (f) => ['runtime', 'replay', '--rules', rules(), f]],
  [
    'runtime k8s-audit --tls-cert',
    (f) => [
      'runtime',
      'k8s-audit',
      '--rules',
      auditRules(),
      '--tls-cert',
      f,
      '--tls-key',
      f,
      '--listen',
      '127.0.0.1:0',
    ],
  ],
  ['db import', (f) => ['db', 'import', f, '--db', join(tmp, 'db.sqlite')]],
  ['image', (f) => ['image', f, '--offline', '--db', join(tmp, 'db.sqlite')]],
  [
    'image docker-archive:',
    (f) => ['image', `docker-archive:${f}`, '--offline', '--db', join(tmp, 'db.sqlite')],
  ],
  ['config', (f) => ['config', f]],
];

function run(args: string[]): Promise<{ status: number | null; stderr: string; ms: number }> {
  return new Promise((resolve) => {
    const t0 = Date.now();
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    // A hang is the failure this test exists for: kill it well after the bound checked below.
    const t = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.on('close', (status) => {
      clearTimeout(t);
      resolve({ status, stderr, ms: Date.now() - t0 });
    });
  });
}

describe('hostile file arguments: one line, a distinct code, no hang', () => {
  const cases: [string, string, string][] = [];
  for (const [name] of COMMANDS)
    for (const [kind, path] of [
      ['/dev/zero', '/dev/zero'],
      ['a FIFO', fifo],
    ] as const)
      cases.push([name, kind, path]);

  it.each(cases)('%s with %s', async (name, _kind, path) => {
    const args = COMMANDS.find(([n]) => n === name)![1](path);
    const r = await run(args);
    expect(r.ms, r.stderr).toBeLessThan(5_000);
    // 4: malformed input (not a regular file). Never 0, never 70 (internal), never killed.
    expect(r.status, r.stderr).toBe(4);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines, r.stderr).toHaveLength(1);
    expect(lines[0]).toMatch(
      /is a (character device|FIFO \(named pipe\)), not (a regular file|an image archive|an archive file|a file or directory)/,
    );
    expect(lines[0]).toContain(path);
  });

  it.each(COMMANDS.filter(([n]) => !['db import', 'config', 'image'].includes(n)))(
    '%s with a directory',
    async (_name, argv) => {
      const r = await run(argv(dir));
      expect(r.ms).toBeLessThan(5_000);
      // Replay says a directory is a usage mistake (2), the others that it is not a file (4).
      expect([2, 4]).toContain(r.status);
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/is a directory/);
    },
  );

  it('an OCI layout whose index.json is a FIFO is refused, not waited on', async () => {
    const layout = join(tmp, 'layout');
    mkdirSync(layout);
    writeFileSync(join(layout, 'oci-layout'), '{"imageLayoutVersion":"1.0.0"}');
    execFileSync('mkfifo', [join(layout, 'index.json')]);
    const r = await run(['image', `oci:${layout}`, '--offline', '--db', join(tmp, 'db.sqlite')]);
    expect(r.ms).toBeLessThan(5_000);
    expect(r.status, r.stderr).toBe(4);
    expect(r.stderr).toMatch(/index\.json is a FIFO \(named pipe\), not a regular file/);
  });

  it('runtime rules check names a FIFO and /dev/zero as rules-file errors (25), in one run', async () => {
    const r = await run(['runtime', 'rules', 'check', '--format', 'json', fifo]);
    expect(r.status).toBe(25);
    expect(r.ms).toBeLessThan(5_000);
  });
});

// Issue 9: the project runs on the Node.js 24 it brings from the npm registry, and the launcher
// refuses an unsupported Node with one line (exit 2) rather than a syntax or import error.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import semver from 'semver';
import { describe, expect, it } from 'vitest';
import { BIN, cli } from '../support/cli.js';
import { REPO_ROOT } from '../support/fixtures.js';

const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
  engines: { node: string };
  devDependencies: Record<string, string>;
};

/** Run the launcher on this Node with `process.versions.node` made to read `version`. */
function launchAs(version: string): { status: number | null; stderr: string; stdout: string } {
  const preload = `data:text/javascript,Object.defineProperty(process,"versions",{value:{...process.versions,node:${JSON.stringify(version)}}})`;
  const r = spawnSync(process.execPath, ['--import', preload, BIN, '--version'], { encoding: 'utf8' });
  return { status: r.status, stderr: r.stderr, stdout: r.stdout };
}

describe('runtime: Node.js 24 from the npm registry', () => {
  it('tests run on the pinned Node 24 devDependency, not the system Node', () => {
    expect(pkg.devDependencies.node).toMatch(/^24\.\d+\.\d+$/);
    expect(process.versions.node).toBe(pkg.devDependencies.node);
    expect(process.execPath).toBe(join(REPO_ROOT, 'node_modules/node/bin/node'));
  });

  it('engines includes no Node that the sigstore libraries refuse', () => {
    const sigstore = JSON.parse(
      readFileSync(join(REPO_ROOT, 'node_modules/@sigstore/verify/package.json'), 'utf8'),
    ) as { engines: { node: string } };
    expect(semver.subset(pkg.engines.node, sigstore.engines.node)).toBe(true);
  });

  it('`bulwark version` names the Node it runs on', () => {
    const r = cli(['version', '--format', 'json']);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ node: process.versions.node });
  });

  // The launcher's hand-written check against package.json `engines`, as semver reads it.
  it.each([
    '20.20.2',
    '22.21.9',
    '22.22.1',
    '22.22.2',
    '23.11.0',
    '24.14.9',
    '24.15.0',
    '25.2.0',
    '26.0.0',
    '27.1.0',
  ])('Node %s: the launcher agrees with engines', (version) => {
    const accepted = semver.satisfies(version, pkg.engines.node);
    const r = launchAs(version);
    if (accepted) {
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    } else {
      expect(r.status).toBe(2);
      expect(r.stdout).toBe('');
      const lines = r.stderr.trimEnd().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(`Node.js ${version}`);
      expect(lines[0]).toContain('^22.22.2, ^24.15.0 or >=26');
    }
  });

  // The machines' system Node is Debian's 20: the real old runtime, not a simulated one.
  const systemNode = '/usr/bin/node';
  it('the system Node 20 gets one line and exit 2, not a syntax or import error', () => {
    expect(existsSync(systemNode), `${systemNode} missing`).toBe(true);
    const version = spawnSync(systemNode, ['--version'], { encoding: 'utf8' }).stdout.trim();
    const r = spawnSync(systemNode, [BIN, 'image', '--help'], { encoding: 'utf8' });
    if (/^v2[0-1]\./.test(version)) {
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(
        /^bulwark: Node\.js 2[01]\.\d+\.\d+ \(\/usr\/bin\/node\) is not supported; .*\n$/,
      );
    } else {
      // A machine whose system Node is supported runs the CLI normally.
      expect(r.status, r.stderr).toBe(0);
    }
  });
});

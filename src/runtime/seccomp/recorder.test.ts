// Record real containers under runc, apply the profile, and prove it both lets the workload run and
// blocks what the workload did not do (EPERM, checked against a run without the profile).
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli } from '../../../test/support/cli.js';
import {
  containerId,
  destroy,
  overlayBundle,
  runDetached,
  runc,
  type Bundle,
} from '../../../test/support/runc.js';
import { missingTools } from '../../../test/support/tools.js';
import { normalizeProfile, type OciSeccomp } from './profile.js';
import { GO_RUNTIME_SYSCALLS, record } from './recorder.js';

const skip = missingTools(['bpftrace', 'runc', 'debootstrap'], { root: true });
const WORKLOAD = 'unshare --version >/dev/null && cat /etc/os-release >/dev/null && echo recorded-ok';

function runOnce(bundle: Bundle, args: string[], seccomp?: OciSeccomp) {
  bundle.config.process.args = args;
  if (seccomp) bundle.config.linux.seccomp = seccomp;
  else delete bundle.config.linux.seccomp;
  bundle.save();
  return spawnSync('runc', ['run', '--bundle', bundle.dir, containerId()], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 60_000,
  });
}

describe.skipIf(skip)('seccomp record (bpftrace + runc)', () => {
  const tmp = mkdtempSync('/tmp/bulwark-seccomp-test-');
  const bundles: Bundle[] = [];
  afterAll(() => {
    for (const b of bundles) b.cleanup();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('records `runc run`, and the profile runs the same container but denies other syscalls with EPERM', async () => {
    const bundle = await overlayBundle({ args: ['sh', '-c', WORKLOAD] });
    bundles.push(bundle);
    const profilePath = join(tmp, 'profile.json');
    const r = cli(
      [
        'seccomp',
        'record',
        '-o',
        profilePath,
        '--format',
        'json',
        '--',
        'runc',
        'run',
        '--bundle',
        bundle.dir,
        containerId(),
      ],
      { timeoutMs: 300_000 },
    );
    expect(r.stderr).not.toContain('lost');
    expect(r.status).toBe(0);
    const summary = JSON.parse(r.stdout) as {
      syscalls: number;
      workload: string[];
      runtimeOnly: string[];
      exitCode: number;
    };
    expect(summary.exitCode).toBe(0);
    const profile = JSON.parse(readFileSync(profilePath, 'utf8')) as OciSeccomp;
    expect(profile).toMatchObject({
      defaultAction: 'SCMP_ACT_ERRNO',
      defaultErrnoRet: 1,
      architectures: ['SCMP_ARCH_X86_64'],
    });
    const names = profile.syscalls![0]!.names;
    expect(names).toHaveLength(summary.syscalls);
    for (const n of ['execve', 'openat', 'read', 'write', 'exit_group']) expect(names).toContain(n);
    expect(names).not.toContain('unshare');
    expect(names).not.toContain('mount');
    // runc's own syscalls under the filter, and its Go runtime's scheduler calls, are in.
    expect(summary.runtimeOnly.length).toBeGreaterThan(0);
    for (const n of GO_RUNTIME_SYSCALLS) expect(names).toContain(n);
    expect(normalizeProfile(profile).rules.size).toBe(names.length);

    // The same workload under the recorded profile.
    const same = runOnce(bundle, ['sh', '-c', WORKLOAD], profile);
    expect(same.stderr).toBe('');
    expect(same.status).toBe(0);
    expect(same.stdout).toBe('recorded-ok\n');

    // A syscall the workload never made: allowed without the profile, EPERM with it.
    const free = runOnce(bundle, ['unshare', '-U', 'true']);
    expect(free.status).toBe(0);
    const denied = runOnce(bundle, ['unshare', '-U', 'true'], profile);
    expect(denied.status).toBe(1);
    expect(denied.stderr).toContain('unshare failed: Operation not permitted');
  });

  it('records a running container for a while (--container mode)', async () => {
    const bundle = await overlayBundle({ args: ['sleep', '120'] });
    bundles.push(bundle);
    const id = containerId();
    runDetached(bundle, id);
    try {
      const pid = JSON.parse(runc(['state', id]).stdout).pid as number;
      const mntns = Number(/\[(\d+)\]/.exec(readlinkSync(`/proc/${pid}/ns/mnt`))![1]);
      const abort = new AbortController();
      const rec = await record({
        mntns,
        signal: abort.signal,
        durationMs: 120_000,
        onReady: () => {
          const c = spawn('runc', ['exec', id, 'uname', '-a'], { stdio: 'ignore' });
          c.on('exit', () => setTimeout(() => abort.abort(), 500));
        },
      });
      expect(rec.workload.has('uname')).toBe(true);
      // runc exec's init has no start marker, but its final execve always runs under the filter.
      expect(rec.runtime.has('execve')).toBe(true);
      expect(rec.lost).toBe(0);
      // Only the container's mount namespace counts: the host's runc exec was not recorded as the workload.
      expect(rec.workload.has('setns')).toBe(false);
    } finally {
      destroy(id);
    }
  });

  it('--container needs --duration and a container that exists', () => {
    expect(cli(['seccomp', 'record', '--container', 'abc']).status).toBe(2);
    const r = cli(['seccomp', 'record', '--container', 'f'.repeat(12), '--duration', '1']);
    expect(r.status).toBe(3);
    expect(r.stderr).toMatch(/no running container/);
  });
});

// Real images built for tests: a debootstrap Debian bookworm (minbase) rootfs, packed with umoci into
// an OCI layout and with skopeo into a docker-archive. Built once per machine and cached, because
// debootstrap takes ~35 s; a lock directory serialises concurrent test files.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const TEST_CACHE = process.env.BULWARK_TEST_CACHE ?? '/var/tmp/bulwark-test';
const MIRROR = process.env.BULWARK_DEBIAN_MIRROR ?? 'http://deb.debian.org/debian';

function sh(cmd: string, args: string[]): void {
  execFileSync(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
}

/** Run `build(tmp)` once for `name`; later calls (from any process) reuse the result. */
export async function cached(name: string, build: (tmp: string) => void): Promise<string> {
  mkdirSync(TEST_CACHE, { recursive: true });
  const done = join(TEST_CACHE, name);
  const lock = `${done}.lock`;
  for (;;) {
    if (existsSync(done)) return done;
    try {
      mkdirSync(lock);
    } catch {
      // Another process builds it; a lock older than 15 minutes is stale.
      try {
        if (Date.now() - statSync(lock).mtimeMs > 15 * 60_000) rmSync(lock, { recursive: true, force: true });
      } catch {
        /* raced */
      }
      await new Promise((r) => setTimeout(r, 500));
      continue;
    }
    try {
      if (existsSync(done)) return done;
      const tmp = `${done}.tmp-${process.pid}`;
      rmSync(tmp, { recursive: true, force: true });
      build(tmp);
      renameSync(tmp, done);
      return done;
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
  }
}

/** debootstrap --variant=minbase bookworm → a rootfs directory (needs root and the Debian mirror). */
export function bookwormRootfs(): Promise<string> {
  return cached('bookworm-minbase-rootfs', (tmp) => {
    sh('debootstrap', ['--variant=minbase', 'bookworm', tmp, MIRROR]);
    // Deterministic: drop apt lists and logs that change with every build.
    rmSync(join(tmp, 'var/cache/apt/archives'), { recursive: true, force: true });
    mkdirSync(join(tmp, 'var/cache/apt/archives/partial'), { recursive: true });
  });
}

/** OCI image layout holding tag `bookworm`, one layer, built with umoci from the rootfs. */
export async function bookwormOciLayout(): Promise<{ dir: string; tag: string }> {
  const rootfs = await bookwormRootfs();
  const dir = await cached('bookworm-minbase-oci', (tmp) => {
    const layout = join(tmp, 'layout');
    const bundle = join(tmp, 'bundle');
    sh('umoci', ['init', '--layout', layout]);
    sh('umoci', ['new', '--image', `${layout}:bookworm`]);
    sh('umoci', ['unpack', '--image', `${layout}:bookworm`, bundle]);
    rmSync(join(bundle, 'rootfs'), { recursive: true, force: true });
    // cp -a keeps device nodes, owners and hard links, which fs.cpSync cannot.
    sh('cp', ['-a', rootfs, join(bundle, 'rootfs')]);
    sh('umoci', ['repack', '--image', `${layout}:bookworm`, bundle]);
    sh('umoci', [
      'config',
      '--image',
      `${layout}:bookworm`,
      '--config.cmd',
      '/bin/bash',
      '--os',
      'linux',
      '--architecture',
      'amd64',
    ]);
    sh('umoci', ['gc', '--layout', layout]);
    rmSync(bundle, { recursive: true, force: true });
  });
  return { dir: join(dir, 'layout'), tag: 'bookworm' };
}

/** The same image as a docker-archive tar (skopeo copy oci: → docker-archive:). */
export async function bookwormDockerArchive(): Promise<string> {
  const { dir, tag } = await bookwormOciLayout();
  const out = await cached('bookworm-minbase-docker-archive', (tmp) => {
    mkdirSync(tmp, { recursive: true });
    sh('skopeo', [
      'copy',
      '--quiet',
      `oci:${dir}:${tag}`,
      `docker-archive:${join(tmp, 'image.tar')}:bookworm:latest`,
    ]);
  });
  return join(out, 'image.tar');
}

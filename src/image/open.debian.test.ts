// Acceptance items 2/3 (image side): a real Debian bookworm image built with debootstrap, packed by
// umoci (OCI layout) and skopeo (docker-archive), walks to exactly the files of its rootfs.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { bookwormDockerArchive, bookwormOciLayout, bookwormRootfs } from '../../test/support/images.js';
import { startRegistry } from '../../test/support/registry.js';
import { missingTools } from '../../test/support/tools.js';
import { openImage } from './open.js';

const skip = missingTools(['debootstrap', 'umoci', 'skopeo', 'docker-registry'], { root: true });

async function listing(
  target: string,
): Promise<{ files: Map<string, string>; status: string; digest: string }> {
  const h = await openImage(target);
  const files = new Map<string, string>();
  let status = '';
  try {
    expect(h.layers).toHaveLength(1);
    await h.walkLayer(0, async (e) => {
      // Tar and the directory walk may pick different names as the "first" of a hard-linked set.
      files.set(e.path, e.type === 'hardlink' ? 'file' : e.type);
      if (e.path === 'var/lib/dpkg/status') status = (await e.read()).toString();
    });
  } finally {
    await h.close();
  }
  return { files, status, digest: h.digest };
}

describe.skipIf(skip)('debootstrap bookworm as OCI layout, docker-archive and rootfs', () => {
  it('all three list the same files with the same types', async () => {
    const rootfs = await bookwormRootfs();
    const { dir, tag } = await bookwormOciLayout();
    const archive = await bookwormDockerArchive();
    const [fromRootfs, fromOci, fromDocker] = await Promise.all([
      listing(`rootfs:${rootfs}`),
      listing(`oci:${dir}:${tag}`),
      listing(archive),
    ]);
    expect(fromRootfs.files.size).toBeGreaterThan(5000);
    expect(fromOci.files).toEqual(fromRootfs.files);
    expect(fromDocker.files).toEqual(fromRootfs.files);
    expect(fromRootfs.files.get('etc/os-release')).toBe('symlink');
    expect(fromRootfs.files.get('usr/lib/os-release')).toBe('file');
    expect(fromRootfs.files.get('bin')).toBe('symlink');
    expect(fromOci.status).toMatch(/^Package: dpkg$/m);
    expect(fromDocker.status).toBe(fromOci.status);
    expect(fromRootfs.status).toBe(fromOci.status);
  });

  it('pushed with skopeo to a registry on 127.0.0.1, it reads the same by reference', async () => {
    const { dir, tag } = await bookwormOciLayout();
    const reg = await startRegistry();
    try {
      execFileSync('skopeo', [
        'copy',
        '--quiet',
        '--dest-tls-verify=false',
        `oci:${dir}:${tag}`,
        `docker://${reg.host}/debian:bookworm`,
      ]);
      const [fromOci, fromRegistry] = await Promise.all([
        listing(`oci:${dir}:${tag}`),
        listing(`${reg.host}/debian:bookworm`),
      ]);
      expect(fromRegistry.files).toEqual(fromOci.files);
      expect(fromRegistry.status).toBe(fromOci.status);
      expect(fromRegistry.digest).toBe(fromOci.digest);
    } finally {
      await reg.stop();
    }
  });
});

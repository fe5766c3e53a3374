import { readFileSync, readlinkSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  containerId,
  destroy,
  overlayBundle,
  runDetached,
  runc,
  type Bundle,
} from '../../../test/support/runc.js';
import { missingTools } from '../../../test/support/tools.js';
import { findContainer } from './find.js';
import { ContainerResolver } from './resolver.js';

const inode = (link: string) => Number(/\[(\d+)\]/.exec(readlinkSync(link))![1]);

describe('ContainerResolver', () => {
  it('confirms containerd-style ids by mount namespace: a host session cgroup is not a container', () => {
    const own = inode('/proc/self/ns/mnt');
    const r = new ContainerResolver({ hostMntNs: own });
    const session = '9:name=systemd:/\n4:memory:/process_api/eb72cc637c7c431fec5e933225e3e783\n0::/\n';
    expect(r.fromCgroupText(session, own).id).toBe('host');
    // The same path from another mount namespace is a `ctr`-style container.
    expect(r.fromCgroupText(session, own + 1)).toMatchObject({ id: 'eb72cc637c7c', runtime: 'containerd' });
  });

  it('reports our own process (whatever its cgroups) as host', () => {
    expect(new ContainerResolver().forPid(process.pid)?.id).toBe('host');
  });

  it('caches by cgroup path', () => {
    const r = new ContainerResolver({ hostMntNs: 1 });
    const text = `0::/docker/${'c'.repeat(64)}\n`;
    const a = r.fromCgroupText(text, 2);
    expect(r.fromCgroupText(text, 2)).toBe(a);
    expect(a.id).toBe('cccccccccccc');
  });
});

describe.skipIf(missingTools(['runc', 'debootstrap'], { root: true }))('ContainerResolver with runc', () => {
  const id = containerId();
  let bundle: Bundle;

  beforeAll(async () => {
    bundle = await overlayBundle({
      args: ['sleep', '120'],
      annotations: { 'org.opencontainers.image.ref.name': 'docker.io/library/debian:bookworm' },
    });
    runDetached(bundle, id);
  });

  afterAll(() => {
    destroy(id);
    bundle?.cleanup();
  });

  it('names a runc container by its short id, with metadata from runc state', () => {
    const pid = JSON.parse(runc(['state', id]).stdout).pid as number;
    expect(readFileSync(`/proc/${pid}/cgroup`, 'utf8')).toContain(id);
    const info = new ContainerResolver().forPid(pid);
    expect(info).toMatchObject({
      id: id.slice(0, 12),
      fullId: id,
      name: id,
      image: 'docker.io/library/debian:bookworm',
      imageRepository: 'docker.io/library/debian',
      imageTag: 'bookworm',
    });
    expect(info!.labels.bundle).toBe(bundle.dir);
    expect(info!.startTs).toBeGreaterThan(1.7e18);
  });

  it('finds the container by a unique id prefix, as `docker ps` shows it', () => {
    const pid = JSON.parse(runc(['state', id]).stdout).pid as number;
    expect(findContainer(id.slice(0, 12))).toEqual({ fullId: id, pid });
    expect(() => findContainer('../etc')).toThrow(/not a container id/);
  });
});

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { matchCgroupPath, matchProcCgroup, parseProcCgroup } from './cgroup.js';
import { splitImageRef } from './image-ref.js';

const ID = '3f4e1a2b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9012345678abcdef';
const SHORT = ID.slice(0, 12);
const POD = 'pod8dbc5577-d0e2-4706-8787-57d52c03ddf2';
const PODU = 'pod8dbc5577_d0e2_4706_8787_57d52c03ddf2';

// Path shapes as the runtimes write them (cgroup v1 controller lines and cgroup v2 `0::` lines).
const CASES: [string, string, string | null, string | null][] = [
  // [what, path, expected id, expected runtime]
  ['plain runc (cgroupfs driver)', `/${ID}`, SHORT, 'docker'],
  ['docker cgroupfs v1', `/docker/${ID}`, SHORT, 'docker'],
  ['docker systemd v2', `/system.slice/docker-${ID}.scope`, SHORT, 'docker'],
  ['docker in kind/k8s cgroupfs', `/kubepods/besteffort/${POD}/${ID}`, SHORT, 'docker'],
  [
    'containerd CRI systemd',
    `/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-${PODU}.slice/cri-containerd-${ID}.scope`,
    SHORT,
    'cri',
  ],
  [
    'containerd CRI without SystemdCgroup',
    `/kubepods-besteffort-${PODU}.slice:cri-containerd:${ID}`,
    SHORT,
    'cri',
  ],
  [
    'cri-o systemd',
    `/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-${PODU}.slice/crio-${ID}.scope`,
    SHORT,
    'cri',
  ],
  ['cri-o cgroupfs', `/kubepods/burstable/${POD}/crio-${ID}`, SHORT, 'cri'],
  ['cri-dockerd systemd', `/kubepods.slice/kubepods-${PODU}.slice/docker-${ID}.scope`, SHORT, 'docker'],
  ['nerdctl systemd', `/system.slice/nerdctl-${ID}.scope`, SHORT, 'cri'],
  ['podman root systemd', `/machine.slice/libpod-${ID}.scope`, SHORT, 'podman'],
  ['podman with container sub-cgroup', `/machine.slice/libpod-${ID}.scope/container`, SHORT, 'podman'],
  [
    'podman rootless',
    `/user.slice/user-1000.slice/user@1000.service/user.slice/libpod-${ID}.scope`,
    SHORT,
    'podman',
  ],
  ['podman cgroupfs', `/libpod_parent/libpod-${ID}`, SHORT, 'podman'],
  ['containerd ctr namespace, arbitrary id', '/default/redis-server', 'redis-server', 'containerd'],
  ['containerd ctr long arbitrary id', '/k8s.io/my-container-with-a-long-name', 'my-container', 'containerd'],
  ['host root', '/', null, null],
  ['host init.scope', '/init.scope', null, null],
  ['host service', '/system.slice/sshd.service', null, null],
  ['host login session', '/user.slice/user-1000.slice/session-3.scope', null, null],
  ['host user service', '/user.slice/user-1000.slice/user@1000.service/app.slice/dbus.service', null, null],
  ['kubepods parent slice', '/kubepods.slice/kubepods-besteffort.slice', null, null],
  ['63 hex is not a docker id', `/${ID.slice(1)}`, null, null],
  ['65 hex is not an id', `/docker/${ID}a`, null, null],
  ['non-hex 64 chars without containerd namespace', `/${'z'.repeat(64)}`, null, null],
];

describe('matchCgroupPath', () => {
  it.each(CASES)('%s', (_what, path, id, runtime) => {
    const m = matchCgroupPath(path);
    expect(m?.id ?? null).toBe(id);
    expect(m?.runtime ?? null).toBe(runtime);
    if (m && !m.arbitraryId) expect(m.fullId).toBe(ID);
  });

  it('honours the configured engines', () => {
    expect(matchCgroupPath('/default/redis', ['docker', 'cri'])).toBeNull();
    expect(matchCgroupPath(`/machine.slice/libpod-${ID}.scope`, ['docker'])).toBeNull();
  });

  it('never throws and returns ids of at most 12 characters', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (s) => {
        const m = matchCgroupPath(s);
        if (m) {
          expect(m.id.length).toBeGreaterThan(0);
          expect(m.id.length).toBeLessThanOrEqual(12);
          expect(m.id).not.toContain('/');
        }
      }),
    );
  });
});

describe('matchProcCgroup', () => {
  it('reads a hybrid v1/v2 /proc/PID/cgroup as runc writes it', () => {
    const text = [
      `9:name=systemd:/${ID}`,
      `4:memory:/process_api/eb72cc637c7c431fec5e933225e3e783/${ID}`,
      `1:cpu:/${ID}`,
      `0::/${ID}`,
      '',
    ].join('\n');
    expect(matchProcCgroup(text)).toMatchObject({ id: SHORT, runtime: 'docker', arbitraryId: false });
  });

  it('prefers a 64-hex id on any line over a containerd-style id on an earlier line', () => {
    const text = `4:memory:/process_api/eb72cc637c7c431fec5e933225e3e783\n0::/system.slice/docker-${ID}.scope\n`;
    expect(matchProcCgroup(text)?.id).toBe(SHORT);
  });

  it('reports a containerd-style session cgroup as an arbitrary id (the resolver confirms it)', () => {
    const text = '9:name=systemd:/\n4:memory:/process_api/eb72cc637c7c431fec5e933225e3e783\n0::/\n';
    expect(matchProcCgroup(text)).toMatchObject({ id: 'eb72cc637c7c', arbitraryId: true });
  });

  it('returns null for host processes and garbage', () => {
    expect(matchProcCgroup('0::/\n')).toBeNull();
    expect(matchProcCgroup('0::/init.scope\n')).toBeNull();
    expect(matchProcCgroup('garbage without colons\n')).toBeNull();
    expect(parseProcCgroup('1:cpu,cpuacct:/a:b\n')).toEqual([
      { hierarchy: '1', controllers: 'cpu,cpuacct', path: '/a:b' },
    ]);
  });
});

describe('splitImageRef', () => {
  it.each([
    ['docker.io/library/debian:bookworm', 'docker.io/library/debian', 'bookworm', null],
    ['localhost:5000/team/app', 'localhost:5000/team/app', null, null],
    ['localhost:5000/team/app:1.2', 'localhost:5000/team/app', '1.2', null],
    ['quay.io/a/b@sha256:abc', 'quay.io/a/b', null, 'sha256:abc'],
    ['quay.io/a/b:1@sha256:abc', 'quay.io/a/b', '1', 'sha256:abc'],
    ['bookworm', 'bookworm', null, null],
  ])('%s', (ref, repository, tag, digest) => {
    expect(splitImageRef(ref)).toEqual({ repository, tag, digest });
  });
});

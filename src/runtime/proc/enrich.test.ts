// Enrichment over synthetic kernel records and a fake /proc, so every field can be checked exactly.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { ContainerResolver } from '../containers/resolver.js';
import type { FieldMap } from '../event.js';
import type { ExecRecord, FdInfo, SyscallRecord } from '../sources/bpftrace/decode.js';
import { SPECS } from '../sources/bpftrace/specs.js';
import { Enricher } from './enrich.js';
import { ProcessTable } from './process-table.js';

const CID = 'ab'.repeat(32);
const proc = mkdtempSync(join(tmpdir(), 'bulwark-fakeproc-'));
const stateRoot = mkdtempSync(join(tmpdir(), 'bulwark-runc-state-'));
afterAll(() => {
  rmSync(proc, { recursive: true, force: true });
  rmSync(stateRoot, { recursive: true, force: true });
});

// A containerised pid 500 whose /proc entry exists (cgroup only), and runc state for its container.
mkdirSync(join(proc, '500'), { recursive: true });
writeFileSync(join(proc, '500/cgroup'), `0::/system.slice/docker-${CID}.scope\n`);
mkdirSync(join(stateRoot, CID), { recursive: true });
writeFileSync(
  join(stateRoot, CID, 'state.json'),
  JSON.stringify({
    id: CID,
    created: '2026-11-28T09:59:16.626502715Z',
    config: {
      labels: [
        'bundle=/b',
        'io.kubernetes.cri.container-name=web',
        'io.kubernetes.cri.sandbox-name=web-7d9f',
        'io.kubernetes.cri.sandbox-namespace=shop',
        'io.kubernetes.cri.image-name=registry.local:5000/shop/web:1.4',
      ],
      capabilities: { Bounding: ['CAP_CHOWN'] },
    },
  }),
);

function exec(over: Partial<ExecRecord>): ExecRecord {
  return {
    kind: 'exec',
    ts: 1000,
    pid: 100,
    tid: 100,
    oldTid: 100,
    ppid: 1,
    uid: 0,
    gid: 0,
    loginuid: 4294967295,
    capEffective: 0,
    capPermitted: 0,
    ttyMajor: 0,
    ttyMinor: 0,
    exeIno: 7,
    exeCtime: 1700000000,
    exeMtime: 1700000000,
    exeMode: 0o100755,
    exeUid: 0,
    exeFsMagic: 0xef53,
    mntns: 4026531832,
    cgroupId: 1,
    argc: 1,
    execveat: false,
    vpid: 100,
    filename: '/bin/sh',
    exeName: 'dash',
    comm: 'sh',
    argv: ['sh'],
    ...over,
  };
}

const NO_FD: FdInfo = {
  imode: 0,
  fmode: 0,
  family: 0,
  sockType: 0,
  proto: 0,
  lport: 0,
  rport: 0,
  laddr: [0, 0, 0, 0],
  raddr: [0, 0, 0, 0],
};

function sys(evt: string, over: Partial<SyscallRecord>): SyscallRecord {
  const spec = SPECS.find((s) => s.evt === evt)!;
  return {
    kind: 'syscall',
    ts: 2000,
    pid: 100,
    tid: 100,
    uid: 0,
    gid: 0,
    spec,
    ret: 0,
    n: [0, 0, 0, 0],
    strs: ['', '', ''],
    fd: null,
    sockaddr: null,
    ...over,
  };
}

describe('Enricher', () => {
  let table: ProcessTable;
  let en: Enricher;
  const fields = (r: Parameters<Enricher['process']>[0]): FieldMap => {
    const ev = en.process(r);
    if (!ev || ev.source !== 'syscall') throw new Error('no event');
    return ev.fields;
  };

  beforeEach(() => {
    const resolver = new ContainerResolver({
      procRoot: proc,
      hostMntNs: 4026531832,
      roots: {
        stateRoots: [stateRoot],
        dockerRoot: join(stateRoot, 'none'),
        podmanStorage: join(stateRoot, 'none'),
      },
    });
    table = new ProcessTable({ procRoot: proc, resolver });
    en = new Enricher({ table, toWallNs: (ts) => 1_800_000_000_000_000_000n + BigInt(ts) });
  });

  it('builds process fields and the ancestor chain from exec and fork records', () => {
    fields(
      exec({
        pid: 10,
        ppid: 1,
        comm: 'bash',
        filename: '/bin/bash',
        argv: ['-bash'],
        ttyMajor: 136,
        ttyMinor: 3,
      }),
    );
    en.process({ kind: 'fork', ts: 1100, pid: 10, tid: 10, child: 11, ppid: 10, flags: 0x1200011 });
    const f = fields(
      exec({
        ts: 1200,
        pid: 11,
        ppid: 10,
        comm: 'cat',
        filename: '/usr/bin/cat',
        argv: ['cat', '/etc/shadow'],
        argc: 2,
        ttyMajor: 136,
        ttyMinor: 3,
        loginuid: 1000,
      }),
    );
    expect(f).toMatchObject({
      'evt.type': 'execve',
      'evt.res': 'SUCCESS',
      'proc.name': 'cat',
      'proc.exe': 'cat',
      'proc.args': '/etc/shadow',
      'proc.cmdline': 'cat /etc/shadow',
      'proc.pname': 'bash',
      'proc.pcmdline': 'bash',
      'proc.aname': ['cat', 'bash'],
      'proc.apid': [11, 10],
      'proc.tty': 34819,
      'user.loginuid': 1000,
      'container.id': 'host',
      'evt.arg.flags': 'EXE_WRITABLE',
      'evt.time.iso8601': '2027-01-15T08:00:00.000001200Z',
    });
    expect(f['evt.rawtime']).toBe('1800000000000001200');
  });

  it('keeps an exec that arrived before its fork (another CPU)', () => {
    fields(exec({ pid: 10, comm: 'bash' }));
    fields(exec({ ts: 1300, pid: 12, ppid: 10, comm: 'ls', argv: ['ls'] }));
    en.process({ kind: 'fork', ts: 1200, pid: 10, tid: 10, child: 12, ppid: 10, flags: 0 });
    expect(table.get(12)?.name).toBe('ls');
  });

  it('makes relative paths absolute against the cwd and dirfds, as Falco does', () => {
    fields(exec({ pid: 100 }));
    en.process(sys('chdir', { strs: ['/etc', '', ''] }));
    const rel = fields(
      sys('openat', {
        ret: 3,
        n: [0o1 | 0o100, 0o644, 4294967196, 0],
        strs: ['./cron.d/../passwd', '', ''],
        fd: { ...NO_FD, imode: 0o100644, fmode: 0x100000 },
      }),
    );
    expect(rel).toMatchObject({
      'fd.num': 3,
      'fd.name': '/etc/passwd',
      'fd.directory': '/etc',
      'fd.filename': 'passwd',
      'fd.typechar': 'f',
      'evt.is_open_write': true,
      'evt.is_open_read': false,
      'evt.arg.flags': 'O_CREAT|O_WRONLY|O_F_CREATED',
      'evt.arg.name': '/etc/passwd',
      'evt.arg.dirfd': -100,
      'proc.cwd': '/etc/',
    });
    // A directory fd, then a path relative to it.
    fields(
      sys('openat', {
        ret: 4,
        n: [0o200000, 0, 4294967196, 0],
        strs: ['/var/log', '', ''],
        fd: { ...NO_FD, imode: 0o040755 },
      }),
    );
    const at = fields(sys('unlinkat', { n: [4, 0, 0, 0], strs: ['syslog', '', ''] }));
    expect(at['evt.arg.name']).toBe('/var/log/syslog');
  });

  it('names failed opens after the attempted path', () => {
    fields(exec({ pid: 100 }));
    const f = fields(
      sys('openat', { ret: -13, n: [0, 0, 4294967196, 0], strs: ['/etc/shadow', '', ''], fd: NO_FD }),
    );
    expect(f).toMatchObject({
      'evt.res': 'EACCES',
      'evt.failed': true,
      'fd.name': '/etc/shadow',
      'fd.typechar': 'f',
    });
  });

  it('describes sockets from the kernel tuple, completed by the sockaddr', () => {
    fields(exec({ pid: 100, comm: 'nc' }));
    const tcp: FdInfo = {
      imode: 0o140777,
      fmode: 0,
      family: 2,
      sockType: 1,
      proto: 6,
      lport: 47966,
      rport: 4444,
      laddr: [0x0100000a, 0, 0, 0],
      raddr: [0x0200000a, 0, 0, 0],
    };
    const c = fields(
      sys('connect', {
        ret: -115,
        n: [3, 0, 0, 0],
        fd: tcp,
        sockaddr: { family: 2, port: 4444, addr: [0x0200000a, 0, 0, 0] },
      }),
    );
    expect(c).toMatchObject({
      'evt.res': 'EINPROGRESS',
      'fd.name': '10.0.0.1:47966->10.0.0.2:4444',
      'fd.typechar': '4',
      'fd.type': 'ipv4',
      'fd.l4proto': 'tcp',
      'fd.sip': '10.0.0.2',
      'fd.sport': 4444,
      'fd.cip': '10.0.0.1',
      'fd.lport': 47966,
      'fd.rip': '10.0.0.2',
      'fd.is_server': false,
    });
    // dup2(3, 0): the reverse-shell pattern sees the socket through the new fd.
    const d = fields(sys('dup2', { ret: 0, n: [3, 0, 0, 0], fd: tcp }));
    expect(d).toMatchObject({
      'evt.rawres': 0,
      'fd.type': 'ipv4',
      'fd.name': '10.0.0.1:47966->10.0.0.2:4444',
    });
    expect(table.get(100)?.fds.get(0)?.type).toBe('ipv4');
    // UDP sendto on an unconnected socket: the destination comes from the sockaddr.
    const udp: FdInfo = { ...tcp, sockType: 2, proto: 17, raddr: [0, 0, 0, 0], rport: 0 };
    const s = fields(
      sys('sendto', {
        ret: 5,
        n: [5, 5, 0, 0],
        fd: udp,
        sockaddr: { family: 2, port: 53, addr: [0x08080808, 0, 0, 0] },
      }),
    );
    expect(s).toMatchObject({
      'fd.sip': '8.8.8.8',
      'fd.sport': 53,
      'fd.l4proto': 'udp',
      'fd.connected': false,
      'fd.name_changed': true,
    });
  });

  it('resolves the container from /proc/PID/cgroup and the runtime state, never <NA>', () => {
    const f = fields(
      exec({
        pid: 500,
        ppid: 1,
        comm: 'nginx',
        filename: '/usr/sbin/nginx',
        argv: ['nginx'],
        mntns: 4026532000,
        vpid: 1,
      }),
    );
    expect(f).toMatchObject({
      'container.id': CID.slice(0, 12),
      'container.name': 'web',
      'container.image': 'registry.local:5000/shop/web:1.4',
      'container.image.repository': 'registry.local:5000/shop/web',
      'container.image.tag': '1.4',
      'container.privileged': false,
      'k8s.ns.name': 'shop',
      'k8s.pod.name': 'web-7d9f',
      'proc.vpid': 1,
    });
    // ns since the epoch do not fit a double exactly; within a microsecond is what a number can carry.
    expect(Math.abs((f['container.start_ts'] as number) - 1795859956626502e3)).toBeLessThan(1000);
    // A child forked inside the container inherits it, even once /proc is gone.
    en.process({ kind: 'fork', ts: 3000, pid: 500, tid: 500, child: 501, ppid: 500, flags: 0 });
    const open = fields(
      sys('openat', {
        pid: 501,
        tid: 501,
        ret: 3,
        n: [0, 0, 4294967196, 0],
        strs: ['/etc/shadow', '', ''],
        fd: { ...NO_FD, imode: 0o100640 },
      }),
    );
    expect(open['container.id']).toBe(CID.slice(0, 12));
  });

  it('drops exited processes after the grace period, and thread entries at once', () => {
    fields(exec({ pid: 10 }));
    en.process({ kind: 'fork', ts: 1100, pid: 10, tid: 10, child: 13, ppid: 10, flags: 0 });
    en.process({ kind: 'exit', ts: 1200, pid: 10, tid: 13, groupDead: false });
    expect(table.get(13)).toBeNull();
    en.process({ kind: 'exit', ts: 1300, pid: 10, tid: 10, groupDead: true });
    expect(table.get(10)?.dead).toBeGreaterThan(0);
    table.purge(Date.now() + 60_000);
    expect(table.get(10)).toBeNull();
  });

  it('emits only the event types asked for, but keeps the tables current', () => {
    en = new Enricher({ table, toWallNs: BigInt, eventTypes: new Set(['openat']) });
    expect(en.process(exec({ pid: 100 }))).toBeNull();
    expect(en.process(sys('chdir', { strs: ['/tmp', '', ''] }))).toBeNull();
    expect(table.get(100)?.cwd).toBe('/tmp');
    expect(
      en.process(
        sys('openat', {
          ret: 3,
          n: [0, 0, 4294967196, 0],
          strs: ['x', '', ''],
          fd: { ...NO_FD, imode: 0o100644 },
        }),
      ),
    ).not.toBeNull();
  });
});

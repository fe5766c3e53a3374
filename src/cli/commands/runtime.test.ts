import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli } from '../../../test/support/cli.js';
import { describeWithFixtures, fixture } from '../../../test/support/fixtures.js';
import { parseListen } from './runtime.js';

const tmp = mkdtempSync(join(tmpdir(), 'bulwark-runtime-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describeWithFixtures(
  'bulwark runtime (CLI)',
  ['falco/falco_rules.yaml', 'falco/k8s_audit_rules.yaml'],
  () => {
    it('rules check --format json reports the stable file: 25 rules, 87 macros, 49 lists, no errors', () => {
      const r = cli(['runtime', 'rules', 'check', fixture('falco/falco_rules.yaml'), '--format', 'json']);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      const out = JSON.parse(r.stdout) as Record<string, unknown>;
      expect(out).toMatchObject({ rules: 25, macros: 87, lists: 49, errors: [] });
    });

    it('rules check exits 25 with located errors', () => {
      const bad = join(tmp, 'bad.yaml');
      writeFileSync(
        bad,
        '- rule: R\n  desc: d\n  condition: evt.type = execve and (\n  output: o\n  priority: INFO\n',
      );
      const json = cli(['runtime', 'rules', 'check', bad, '--format', 'json']);
      expect(json.status).toBe(25);
      const out = JSON.parse(json.stdout) as { errors: { file: string; line: number; code: string }[] };
      expect(out.errors[0]).toMatchObject({ file: bad, line: 3, code: 'LOAD_ERR_COMPILE_CONDITION' });
      const table = cli(['runtime', 'rules', 'check', bad]);
      expect(table.status).toBe(25);
      expect(table.stdout).toContain(`error: ${bad}:3:14: rule 'R':`);
    });

    it('replay prints Falco alerts for field-map and audit events, and a summary on stderr', () => {
      const events = join(tmp, 'events.jsonl');
      writeFileSync(
        events,
        [
          JSON.stringify({
            'evt.type': 'openat',
            'evt.is_open_read': true,
            'fd.typechar': 'f',
            'fd.num': 3,
            'fd.name': '/etc/shadow',
            'proc.name': 'cat',
            'proc.cmdline': 'cat /etc/shadow',
            'proc.pname': 'bash',
            'container.id': 'abcdef123456',
            'evt.rawtime': '1714557600000000000',
          }),
          '',
          'not json',
          JSON.stringify({ kind: 'Pod' }),
        ].join('\n'),
      );
      const r = cli([
        'runtime',
        'replay',
        '--rules',
        fixture('falco/falco_rules.yaml'),
        events,
        '--format',
        'json',
        '--exit-code',
        '3',
      ]);
      expect(r.status).toBe(3);
      const alerts = r.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { rule: string; output_fields: Record<string, unknown> });
      expect(alerts.map((a) => a.rule)).toEqual(['Read sensitive file untrusted']);
      expect(alerts[0]!.output_fields['container.id']).toBe('abcdef123456');
      expect(r.stderr).toContain(`${events}:3: skipped: invalid JSON`);
      expect(r.stderr).toContain(`${events}:4: skipped: data not recognized as a k8s audit event`);
      expect(r.stderr).toContain(
        'replayed 1 events (1 syscall, 0 k8s_audit) from 4 lines: 1 alerts (Read sensitive file untrusted: 1)',
      );

      const audit = cli([
        'runtime',
        'replay',
        '-r',
        fixture('falco/k8s_audit_rules.yaml'),
        fixture('falco/k8s_audit_samples/create_nginx_pod_privileged.json'),
      ]);
      expect(audit.status).toBe(0);
      expect(audit.stdout).toMatch(
        /Warning Pod started with privileged container \(user=system:serviceaccount:kube-system:replicaset-controller pod=nginx-deployment-5cdcc99dbf-rgw6z/,
      );
    });

    it('replay honours Falco-style rule selection flags', () => {
      const events = join(tmp, 'shadow.jsonl');
      writeFileSync(
        events,
        `${JSON.stringify({ 'evt.type': 'openat', 'evt.is_open_read': true, 'fd.typechar': 'f', 'fd.num': 3, 'fd.name': '/etc/shadow', 'proc.name': 'cat' })}\n`,
      );
      const rules = fixture('falco/falco_rules.yaml');
      expect(cli(['runtime', 'replay', '-r', rules, events]).stdout).toContain('Sensitive file opened');
      expect(cli(['runtime', 'replay', '-r', rules, events, '-T', 'filesystem']).stdout).toBe('');
      expect(cli(['runtime', 'replay', '-r', rules, events, '--min-priority', 'critical']).stdout).toBe('');
      const bad = cli(['runtime', 'replay', '-r', rules, events, '--min-priority', 'loud']);
      expect(bad.status).toBe(2);
      expect(bad.stderr).toMatch(/unknown --min-priority "loud"/);
    });

    it('replay fails cleanly on missing inputs and broken rules', () => {
      const missing = cli([
        'runtime',
        'replay',
        '--rules',
        fixture('falco/falco_rules.yaml'),
        join(tmp, 'nope.jsonl'),
      ]);
      expect(missing.status).toBe(3);
      expect(missing.stderr).toMatch(/^bulwark: events file .* not found/);
      const norules = cli(['runtime', 'replay', '--rules', join(tmp, 'nope.yaml'), join(tmp, 'nope.jsonl')]);
      expect(norules.status).toBe(3);
      const bad = join(tmp, 'bad2.yaml');
      writeFileSync(bad, '- rule: R\n  desc: d\n  condition: proc.nam = x\n  output: o\n  priority: INFO\n');
      const broken = cli(['runtime', 'replay', '--rules', bad, '-'], { input: '' });
      expect(broken.status).toBe(25);
      expect(broken.stderr.trim().split('\n')).toHaveLength(1);
      expect(broken.stderr).toContain(
        `${bad}:3:14: rule 'R': filter_check called with nonexistent field proc.nam`,
      );
    });

    it('k8s-audit refuses to start without TLS material or k8s_audit rules', () => {
      const noTls = cli([
        'runtime',
        'k8s-audit',
        '--rules',
        fixture('falco/k8s_audit_rules.yaml'),
        '--listen',
        '127.0.0.1:0',
      ]);
      expect(noTls.status).toBe(2);
      expect(noTls.stderr).toMatch(/needs --tls-cert and --tls-key/);
      const noRules = cli([
        'runtime',
        'k8s-audit',
        '--rules',
        fixture('falco/falco_rules.yaml'),
        '--listen',
        '127.0.0.1:0',
      ]);
      expect(noRules.status).toBe(25);
    });
  },
);

describe('--listen parsing', () => {
  it.each([
    ['0.0.0.0:9765', { host: '0.0.0.0', port: 9765 }],
    [':8443', { host: '0.0.0.0', port: 8443 }],
    ['[::1]:8443', { host: '::1', port: 8443 }],
    ['localhost:1', { host: 'localhost', port: 1 }],
  ])('%s', (v, expected) => {
    expect(parseListen(v)).toEqual(expected);
  });
  it.each(['9765', 'host:', 'host:99999', 'a:b:c'])('rejects %s', (v) => {
    expect(() => parseListen(v)).toThrow(/is not HOST:PORT/);
  });
});

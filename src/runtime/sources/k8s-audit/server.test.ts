// The audit webhook over real HTTPS on loopback: EventLists posted the way the API server's webhook
// backend posts them, evaluated with the unmodified k8s_audit rules.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { Agent, request } from 'undici';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { BIN } from '../../../../test/support/cli.js';
import { describeWithFixtures, fixture } from '../../../../test/support/fixtures.js';
import { makeSelfSignedCert, type TestCert } from '../../../../test/support/tls.js';
import { missingTools } from '../../../../test/support/tools.js';
import type { Alert } from '../../rules/alert.js';
import { loadRules } from '../../rules/load.js';
import { startAuditWebhook, type AuditWebhook } from './server.js';

const SAMPLES = 'falco/k8s_audit_samples';
const sample = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(fixture(SAMPLES, name), 'utf8').trim().split('\n')[0]!) as Record<string, unknown>;
const eventList = (...names: string[]): string =>
  JSON.stringify({
    kind: 'EventList',
    apiVersion: 'audit.k8s.io/v1',
    metadata: {},
    items: names.map(sample),
  });

const skip = missingTools(['openssl']);

describeWithFixtures('k8s audit webhook over HTTPS', ['falco/k8s_audit_rules.yaml', SAMPLES], () => {
  let cert: TestCert;
  let agent: Agent;
  let hook: AuditWebhook;
  const alerts: Alert[] = [];

  beforeAll(async () => {
    if (skip) return;
    cert = makeSelfSignedCert();
    agent = new Agent({ connect: { ca: cert.cert } });
    const { ruleset, errors } = await loadRules([fixture('falco/k8s_audit_rules.yaml')], {
      hostname: 'apiserver-1',
    });
    expect(errors).toEqual([]);
    hook = await startAuditWebhook({
      host: '127.0.0.1',
      port: 0,
      tls: { cert: cert.cert, key: cert.key },
      ruleset,
      onAlert: (a) => alerts.push(a),
      maxBodyBytes: 1024 * 1024,
    });
  });

  afterAll(async () => {
    await hook?.close();
    await agent?.close();
    cert?.cleanup();
  });

  const post = async (
    body: string,
    headers: Record<string, string> = { 'content-type': 'application/json' },
    method: 'POST' | 'GET' = 'POST',
  ) => {
    const res = await request(hook.url, {
      method,
      body: method === 'POST' ? body : null,
      headers,
      dispatcher: agent,
    });
    return { status: res.statusCode, text: await res.body.text() };
  };

  it.skipIf(skip)('evaluates every event of a posted EventList with the k8s_audit rules', async () => {
    const r = await post(
      eventList(
        'create_nginx_pod_privileged.json',
        'create_nginx_pod_hostnetwork.json',
        'create_nginx_pod_unprivileged.json',
        'attach_cluster_admin_role.json',
      ),
    );
    expect(r).toEqual({ status: 200, text: 'ok\n' });
    await new Promise((res) => setTimeout(res, 50));
    expect(alerts.map((a) => [a.rule, a.priority, a.source])).toEqual([
      ['Create Privileged Pod', 'Warning', 'k8s_audit'],
      ['Create HostNetwork Pod', 'Warning', 'k8s_audit'],
      ['Attach to cluster-admin Role', 'Warning', 'k8s_audit'],
    ]);
    expect(alerts[0]!.hostname).toBe('apiserver-1');
    expect(alerts[0]!.output_fields['ka.req.pod.containers.image']).toEqual(['nginx']);
    expect(alerts[0]!.time).toBe('2018-10-25T14:09:12.581541000Z');
    expect(hook.stats()).toMatchObject({ requests: 1, events: 4, alerts: 3, rejected: 0 });
  });

  it.skipIf(skip)('answers like the k8saudit plugin web server to bad requests', async () => {
    expect((await post('', {}, 'GET')).status).toBe(405);
    expect(await post(eventList('create_service.json'), { 'content-type': 'text/plain' })).toEqual({
      status: 400,
      text: 'wrong Content Type\n',
    });
    expect(await post('{"kind": 0}')).toEqual({
      status: 400,
      text: 'data not recognized as a k8s audit event\n',
    });
    expect((await post('{not json')).status).toBe(400);
    expect(
      (await post(JSON.stringify({ kind: 'EventList', items: [], pad: 'x'.repeat(2 * 1024 * 1024) }))).status,
    ).toBe(413);
    const health = await request(hook.url.replace('/k8s-audit', '/healthz'), { dispatcher: agent });
    expect(await health.body.text()).toBe('ok\n');
  });

  it.skipIf(skip)('answers 400 to deeply nested bodies and keeps serving (issue 10 §2)', async () => {
    // 20,000 nested arrays in 40 kB: this killed the listener with an uncaught RangeError.
    const arrays = '['.repeat(20_000) + ']'.repeat(20_000);
    expect(await post(arrays)).toEqual({
      status: 400,
      text: 'bad request: request body: JSON nested deeper than 256 levels\n',
    });
    const deepItems = `{"kind":"EventList","apiVersion":"audit.k8s.io/v1","items":[${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}]}`;
    expect((await post(deepItems)).status).toBe(400);
    const before = hook.stats().requests;
    expect(await post(eventList('create_service.json'))).toEqual({ status: 200, text: 'ok\n' });
    expect(hook.stats().requests).toBe(before + 1);
  });

  it.skipIf(skip)('refuses clients that do not trust its certificate', async () => {
    await expect(request(hook.url, { method: 'POST', body: '{}' })).rejects.toThrow(
      /self-signed|certificate/,
    );
  });

  it.skipIf(skip)(
    'bulwark runtime k8s-audit: HTTPS in, Falco JSON alerts out to stdout and to an HTTPS webhook',
    async () => {
      // A falcosidekick stand-in: a real HTTPS server collecting the POSTed alerts.
      const received: string[] = [];
      const sidekick: Server = createServer({ cert: cert.cert, key: cert.key }, (req, res) => {
        let body = '';
        req.on('data', (c: Buffer) => (body += c.toString()));
        req.on('end', () => {
          received.push(body);
          res.writeHead(200).end();
        });
      });
      await new Promise<void>((r) => sidekick.listen(0, '127.0.0.1', r));
      const sidekickUrl = `https://user:secret@127.0.0.1:${(sidekick.address() as AddressInfo).port}/?token=abc`;

      const child = spawn(
        process.execPath,
        [
          BIN,
          'runtime',
          'k8s-audit',
          '--rules',
          fixture('falco/k8s_audit_rules.yaml'),
          '--listen',
          '127.0.0.1:0',
          '--tls-cert',
          cert.certFile,
          '--tls-key',
          cert.keyFile,
          '--format',
          'json',
          '--webhook',
          sidekickUrl,
          '--webhook-ca',
          cert.certFile,
          '--output',
          '-',
        ],
        { env: { ...process.env, NO_COLOR: '1' } },
      );
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      const url = await new Promise<string>((resolve, reject) => {
        child.stderr.on('data', (d: Buffer) => {
          stderr += d.toString();
          const m = /listening on (\S+) with 48 k8s_audit rules/.exec(stderr);
          if (m) resolve(m[1]!);
        });
        child.on('exit', () => reject(new Error(`exited early: ${stderr}`)));
      });
      const res = await request(url, {
        method: 'POST',
        body: eventList('create_cluster_role_wildcard_verbs.json', 'exec_pod.json'),
        headers: { 'content-type': 'application/json' },
        dispatcher: agent,
      });
      expect(res.statusCode).toBe(200);
      await res.body.dump();
      await new Promise((r) => setTimeout(r, 300));
      child.kill('SIGTERM');
      const code = await new Promise<number | null>((r) => child.on('close', r));
      await new Promise<void>((r) => sidekick.close(() => r()));

      expect(code).toBe(0);
      const lines = stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Alert);
      expect(lines.map((a) => a.rule)).toEqual(['ClusterRole With Wildcard Created', 'Attach/Exec Pod']);
      expect(lines[1]!.output).toMatch(
        /Notice Attach\/Exec to pod \(user=minikube-user pod=nginx-deployment-7998647bdf-phvq7 resource=pods ns=default action=exec command=bash\)/,
      );
      expect(received.map((b) => (JSON.parse(b) as Alert).rule)).toEqual([
        'ClusterRole With Wildcard Created',
        'Attach/Exec Pod',
      ]);
      expect(stderr).toContain('stopped: 1 requests (0 rejected), 2 events, 2 alerts');
      expect(stderr).not.toContain('secret');
    },
  );
});

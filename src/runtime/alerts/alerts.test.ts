import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { Alert } from '../rules/alert.js';
import { sinks } from './api.js';
import { createAlertOutputs, createStreamSink, redactUrl } from './index.js';
import { create as createWebhook } from './sinks/webhook.js';

const tmp = mkdtempSync(join(tmpdir(), 'bulwark-alerts-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const alert = (rule: string): Alert => ({
  hostname: 'h',
  output: `10:00:00.000000000: Warning ${rule} happened`,
  output_fields: { 'proc.name': 'bash', 'container.id': null, 'evt.time': 1714557600000000000n },
  priority: 'Warning',
  rule,
  source: 'syscall',
  tags: ['a'],
  time: '2024-05-01T10:00:00.000000000Z',
});

async function server(
  handler: (req: IncomingMessage, body: string, res: ServerResponse) => void,
): Promise<{ url: string; close: () => Promise<void> }> {
  const s: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => handler(req, body, res));
  });
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(s.address() as AddressInfo).port}/`,
    close: () => new Promise<void>((r) => s.close(() => r())),
  };
}

describe('alert sinks', () => {
  it('the registry lists exactly the sink modules', () => {
    const dir = join(dirname(fileURLToPath(import.meta.url)), 'sinks');
    const files = readdirSync(dir)
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && f !== 'stream.ts')
      .map((f) => f.replace(/\.ts$/, ''))
      .sort();
    expect(Object.keys(sinks).sort()).toEqual(files);
    for (const [id, mod] of Object.entries(sinks)) {
      expect(mod.id).toBe(id);
      expect(typeof mod.create).toBe('function');
    }
  });

  it('writes Falco JSON or text lines to a stream', async () => {
    const out = new PassThrough();
    let text = '';
    out.on('data', (d: Buffer) => (text += d.toString()));
    const json = createStreamSink(out, { format: 'json' });
    json.write(alert('A'));
    await json.flush();
    expect(text).toBe(
      '{"hostname":"h","output":"10:00:00.000000000: Warning A happened","output_fields":{"container.id":null,"evt.time":1714557600000000000,"proc.name":"bash"},"priority":"Warning","rule":"A","source":"syscall","tags":["a"],"time":"2024-05-01T10:00:00.000000000Z"}\n',
    );
    text = '';
    const plain = createStreamSink(out, { format: 'text' });
    plain.write(alert('B'));
    await plain.close();
    expect(text).toBe('10:00:00.000000000: Warning B happened\n');
    expect(plain.stats()).toEqual({ delivered: 1, failed: 0, dropped: 0 });
  });

  it('appends to a file created with mode 0600', async () => {
    const file = join(tmp, 'alerts.jsonl');
    for (const rule of ['A', 'B']) {
      const s = sinks.file!.create(file, { format: 'json' });
      s.write(alert(rule));
      await s.close();
    }
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    expect(lines.map((l) => (JSON.parse(l) as Alert).rule)).toEqual(['A', 'B']);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('POSTs each alert as Falco JSON, retries 5xx, gives up on 4xx, never logs credentials', async () => {
    const got: string[] = [];
    let calls = 0;
    const srv = await server((req, body, res) => {
      calls++;
      const rule = (JSON.parse(body) as Alert).rule;
      expect(req.headers['content-type']).toBe('application/json');
      expect(req.headers.authorization).toBe('Bearer t0k3n');
      if (rule === 'flaky' && calls < 3) return res.writeHead(503).end();
      if (rule === 'rejected') return res.writeHead(400).end();
      got.push(rule);
      res.writeHead(200).end();
    });
    const notices: string[] = [];
    const url = srv.url.replace('http://', 'http://user:hunter2@') + '?key=s3cr3t';
    const s = createWebhook(url, {
      format: 'json',
      headers: { Authorization: 'Bearer t0k3n' },
      notice: (m) => notices.push(m),
      retries: 3,
    });
    s.write(alert('flaky'));
    await s.flush();
    s.write(alert('ok'));
    s.write(alert('rejected'));
    await s.close();
    await srv.close();
    expect(got.sort()).toEqual(['flaky', 'ok']);
    expect(s.stats()).toEqual({ delivered: 2, failed: 1, dropped: 0 });
    expect(notices.join('\n')).toMatch(/HTTP 400/);
    expect(notices.join('\n')).not.toMatch(/hunter2|s3cr3t|t0k3n/);
    expect(redactUrl(url)).toBe(srv.url);
  });

  it('drops and counts alerts when the bounded queue is full, and fails after retries when unreachable', async () => {
    const s = createWebhook('http://127.0.0.1:9/', {
      format: 'json',
      maxQueue: 2,
      concurrency: 1,
      retries: 1,
      notice: () => undefined,
    });
    for (let i = 0; i < 5; i++) s.write(alert(`r${i}`));
    await s.close();
    const st = s.stats();
    expect(st.dropped).toBe(2);
    expect(st.failed).toBe(3);
    expect(st.delivered).toBe(0);
  });

  it('fans out to a file and a webhook', async () => {
    const got: string[] = [];
    const srv = await server((_req, body, res) => {
      got.push((JSON.parse(body) as Alert).rule);
      res.writeHead(204).end();
    });
    const file = join(tmp, 'fan.log');
    const out = createAlertOutputs({ format: 'text', output: file, webhook: srv.url });
    out.write(alert('X'));
    await out.close();
    await srv.close();
    expect(got).toEqual(['X']);
    expect(readFileSync(file, 'utf8')).toBe('10:00:00.000000000: Warning X happened\n');
    expect(out.stats()).toEqual({ delivered: 2, failed: 0, dropped: 0 });
  });
});

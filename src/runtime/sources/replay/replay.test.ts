import fc from 'fast-check';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { loadRulesFromTexts } from '../../rules/load.js';
import { detect } from './detect.js';
import { LineTooLongError, readLines } from './lines.js';
import { replay } from './replay.js';

const RULES = `
- rule: Shell
  desc: d
  condition: evt.type = execve and proc.name = bash
  output: shell by %user.name
  priority: WARNING
- rule: Secret read
  desc: d
  condition: ka.target.resource = secrets and ka.verb = get
  output: secret %ka.target.name
  priority: ERROR
  source: k8s_audit
`;

const audit = {
  kind: 'Event',
  apiVersion: 'audit.k8s.io/v1',
  auditID: 'x',
  stageTimestamp: '2024-01-01T00:00:00.5Z',
  verb: 'get',
  objectRef: { resource: 'secrets', name: 'db' },
};

async function collect(src: AsyncIterable<{ lineNo: number; text: string }>): Promise<string[]> {
  const out: string[] = [];
  for await (const l of src) out.push(`${l.lineNo}:${l.text}`);
  return out;
}

describe('replay', () => {
  it.each([
    [{ 'evt.type': 'execve' }, 'syscall'],
    [{ 'proc.name': 'x', 'proc.aname[2]': 'y' }, 'syscall'],
    [{ source: 'syscall', fields: { a: 1 } }, 'syscall'],
    [{ source: 'k8s_audit', audit: {} }, 'k8s_audit'],
    [audit, 'k8s_audit'],
    [{ kind: 'EventList', items: [audit, audit] }, 'k8s_audit,k8s_audit'],
    [[audit], 'k8s_audit'],
  ])('detects %j', (value, sources) => {
    const d = detect(value);
    expect('events' in d && d.events.map((e) => e.source).join(',')).toBe(sources);
  });

  it.each([
    [{ kind: 0 }, 'data not recognized as a k8s audit event'],
    [{ kind: 'Pod' }, 'data not recognized as a k8s audit event'],
    [{ hello: 'world' }, 'neither a field-map event'],
    [42, 'not a JSON object'],
    [null, 'not a JSON object'],
  ])('rejects %j', (value, message) => {
    const d = detect(value);
    expect('error' in d && d.error).toContain(message);
  });

  it('splits lines across chunk boundaries, strips CR, and bounds line length', async () => {
    const chunks = ['a\r', '\nbb', 'b\n\n', 'c'];
    expect(await collect(readLines(Readable.from(chunks)))).toEqual(['1:a', '2:bbb', '3:', '4:c']);
    const utf8 = Buffer.from('é\n');
    expect(await collect(readLines(Readable.from([utf8.subarray(0, 1), utf8.subarray(1)])))).toEqual(['1:é']);
    await expect(collect(readLines(Readable.from(['x'.repeat(100)]), 10))).rejects.toThrow(LineTooLongError);
    await expect(
      collect(readLines(Readable.from(['ok\n', 'y'.repeat(50), 'y'.repeat(50)]), 64)),
    ).rejects.toThrow('line 2 is longer than 64 bytes');
  });

  it('replays mixed field-map and audit lines and reports bad lines', async () => {
    const { ruleset, errors } = loadRulesFromTexts([{ name: 'r.yaml', content: RULES }]);
    expect(errors).toEqual([]);
    const lines = [
      JSON.stringify({ 'evt.type': 'execve', 'proc.name': 'bash', 'user.name': 'eve' }),
      JSON.stringify({ 'evt.type': 'execve', 'proc.name': 'ls' }),
      JSON.stringify({ kind: 'EventList', items: [audit, { ...audit, stageTimestamp: undefined }] }),
      '{"broken": ',
      '',
    ];
    const out: string[] = [];
    const stats = await replay(Readable.from([lines.join('\n')]), ruleset, (a) =>
      out.push(`${a.rule}|${a.output}`),
    );
    expect(out).toHaveLength(2);
    expect(out[0]).toMatch(/^Shell\|\d\d:\d\d:\d\d\.\d{9}: Warning shell by eve container_id=<NA>/);
    expect(out[1]).toMatch(/^Secret read\|\d\d:\d\d:00\.500000000: Error secret db$/);
    expect(stats).toMatchObject({
      lines: 4,
      events: { syscall: 2, k8s_audit: 1 },
      alerts: 2,
      skipped: 2,
      byRule: { Shell: 1, 'Secret read': 1 },
    });
    expect(stats.problems.map((p) => [p.line, p.message.split(':')[0]])).toEqual([
      [3, "can't read stageTimestamp"],
      [4, 'invalid JSON'],
    ]);
  });

  it('never throws on arbitrary JSON values (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const d = detect(v);
        expect('events' in d || 'error' in d).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('evaluates arbitrary field maps without throwing (property)', async () => {
    const { ruleset } = loadRulesFromTexts([{ name: 'r.yaml', content: RULES }]);
    const field = fc.constantFrom(
      'evt.type',
      'proc.name',
      'user.name',
      'proc.aname',
      'fd.sip',
      'user.uid',
      'x.y',
    );
    await fc.assert(
      fc.asyncProperty(fc.dictionary(field, fc.jsonValue()), async (m) => {
        await replay(Readable.from([`${JSON.stringify(m)}\n`]), ruleset, () => undefined);
      }),
      { numRuns: 500 },
    );
  });
});

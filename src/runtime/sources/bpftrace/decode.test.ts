import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  formatIp,
  LineDecoder,
  ntohs,
  unescapeBpftrace,
  type ExecRecord,
  type SyscallRecord,
} from './decode.js';
import { SPECS, specId } from './specs.js';

// bpftrace 0.17's JSON escaping, as observed on this machine (see the comment on unescapeBpftrace):
// control bytes → \u00XX (\n \t \r \" \\ short forms), bytes ≥ 0x80 → \uffffffXX.
function escapeLikeBpftrace(bytes: Buffer): string {
  let out = '';
  for (const b of bytes) {
    if (b === 0x22) out += '\\"';
    else if (b === 0x5c) out += '\\\\';
    else if (b === 0x0a) out += '\\n';
    else if (b === 0x09) out += '\\t';
    else if (b === 0x0d) out += '\\r';
    else if (b < 0x20) out += `\\u${b.toString(16).padStart(4, '0')}`;
    else if (b >= 0x80) out += `\\uffffff${b.toString(16)}`;
    else out += String.fromCharCode(b);
  }
  return out;
}

const line = (data: string) => `{"type": "printf", "data": "${data}\\n"}`;
const T = '\\t';

describe('unescapeBpftrace', () => {
  it.each([
    ['plain', 'plain'],
    ['a\\tb\\nc', 'a\tb\nc'],
    ['q\\"x\\\\y', 'q"x\\y'],
    ['\\u0001\\u001f', '\u0001\u001f'],
    ['caf\\uffffffc3\\uffffffa9', 'café'],
    ['bad \\uffffffff', 'bad \ufffd'],
  ])('%s', (input, want) => {
    expect(unescapeBpftrace(input)).toBe(want);
  });

  it('round-trips any UTF-8 text escaped the way bpftrace escapes it', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 80 }), (s) => {
        expect(unescapeBpftrace(escapeLikeBpftrace(Buffer.from(s, 'utf8')))).toBe(s);
      }),
    );
  });
});

describe('formatIp / ntohs', () => {
  it.each([
    [2, [16777343, 0, 0, 0], '127.0.0.1'],
    [2, [0x0a00a8c0, 0, 0, 0], '192.168.0.10'],
    [10, [0, 0, 0, 16777216], '::1'],
    [10, [0x000080fe, 0, 0, 0x01000000], 'fe80::1'],
    [10, [0xb80d0120, 0, 0, 0], '2001:db8::'],
  ])('family %d %j → %s', (fam, words, want) => {
    expect(formatIp(fam, words)).toBe(want);
  });

  it('swaps port bytes', () => {
    expect(ntohs(28338)).toBe(45678);
  });
});

describe('LineDecoder', () => {
  it('assembles an exec from its string lines and numeric line', () => {
    const d = new LineDecoder();
    const ts = 1234567;
    const lines = [
      `s${T}${ts}${T}42${T}0${T}0${T}/usr/bin/cat`,
      `s${T}${ts}${T}42${T}1${T}0${T}cat`,
      `s${T}${ts}${T}42${T}2${T}0${T}cat`,
      `s${T}${ts}${T}42${T}3${T}0${T}cat`,
      `s${T}${ts}${T}42${T}4${T}0${T}/etc/we\\tird\\nname`,
      `E${T}${ts}${T}42${T}42${T}42${T}7${T}0${T}0${T}4294967295${T}2199006478335${T}2199006478335${T}136${T}0${T}99${T}1${T}2${T}33261${T}0${T}61267${T}4026531832${T}1${T}2${T}0${T}42`,
    ];
    const out = lines.map((l) => d.push(line(l)));
    expect(out.slice(0, 5)).toEqual([null, null, null, null, null]);
    const e = out[5] as ExecRecord;
    expect(e).toMatchObject({
      kind: 'exec',
      pid: 42,
      ppid: 7,
      filename: '/usr/bin/cat',
      comm: 'cat',
      argv: ['cat', '/etc/we\tird\nname'],
      ttyMajor: 136,
      execveat: false,
    });
    expect(d.malformed).toBe(0);
  });

  it('joins continuation chunks of a long path and keeps slots apart', () => {
    const d = new LineDecoder();
    const id = specId(SPECS.find((s) => s.evt === 'renameat2')!);
    const ts = 99;
    d.push(line(`s${T}${ts}${T}5${T}1${T}0${T}/new`));
    d.push(line(`s${T}${ts}${T}5${T}0${T}1${T}BBB`));
    d.push(line(`s${T}${ts}${T}5${T}0${T}0${T}/aaa`));
    const r = d.push(
      line(`G${T}${ts}${T}5${T}5${T}0${T}0${T}${id}${T}0${T}4294967196${T}4294967196${T}1${T}0`),
    );
    expect(r).toMatchObject({ kind: 'syscall', strs: ['/aaaBBB', '/new', ''], ret: 0 });
    expect((r as SyscallRecord).spec.evt).toBe('renameat2');
  });

  it('drops strings that belong to another event of the same thread', () => {
    const d = new LineDecoder();
    const id = specId(SPECS.find((s) => s.evt === 'unlink')!);
    d.push(line(`s${T}1${T}5${T}0${T}0${T}/stale`));
    const r = d.push(line(`G${T}2${T}5${T}5${T}0${T}0${T}${id}${T}0${T}0${T}0${T}0${T}0`)) as SyscallRecord;
    expect(r.strs[0]).toBe('');
    expect(d.orphanStrings).toBe(1);
  });

  it('decodes a socket line with kernel and sockaddr views', () => {
    const d = new LineDecoder();
    const id = specId(SPECS.find((s) => s.evt === 'connect')!);
    const nums = [
      49663, 0, 2, 1, 6, 47966, 28338, 16777343, 0, 0, 0, 16777343, 0, 0, 0, 2, 28338, 16777343, 0, 0, 0,
    ];
    const r = d.push(
      line(`H${T}10${T}7${T}7${T}0${T}0${T}${id}${T}-115${T}3${T}0${T}0${T}0${T}${nums.join(T)}`),
    ) as SyscallRecord;
    expect(r.ret).toBe(-115);
    expect(r.fd).toMatchObject({ family: 2, proto: 6, lport: 47966, rport: 45678 });
    expect(r.sockaddr).toEqual({ family: 2, port: 45678, addr: [16777343, 0, 0, 0] });
  });

  it.each([
    ['lost events', '{"type": "lost_events", "data": {"events": 17}}', { kind: 'lost', count: 17 }],
    ['attached', '{"type": "attached_probes", "data": {"probes": 90}}', { kind: 'attached', probes: 90 }],
    ['ready', line('R\\tready'), { kind: 'ready' }],
    ['plain text', 'Lost 3 events', { kind: 'message', text: 'Lost 3 events' }],
  ])('control line: %s', (_what, input, want) => {
    expect(new LineDecoder().push(input)).toEqual(want);
  });

  it.each([
    ['unknown code', line('Z\\t1\\t2')],
    ['short exec', line('E\\t1\\t2')],
    ['unknown spec', line(`G${T}1${T}2${T}2${T}0${T}0${T}9999${T}0${T}0${T}0${T}0${T}0`)],
    ['non-numeric', line(`G${T}x${T}2${T}2${T}0${T}0${T}1${T}0${T}0${T}0${T}0${T}0`)],
    ['string without text field', line('s\\t1\\t2\\t3')],
    ['string slot out of range', line('s\\t1\\t2\\t99999\\t0\\tx')],
    ['watermark without cpu', line('W\\t123')],
    ['watermark with a negative cpu', line('W\\t123\\t-1')],
    ['watermark with extra fields', line('W\\t123\\t0\\t9')],
  ])('counts malformed input: %s', (_what, input) => {
    const d = new LineDecoder();
    expect(d.push(input)).toBeNull();
    expect(d.malformed).toBe(1);
  });

  it('decodes a per-CPU watermark', () => {
    expect(new LineDecoder().push(line(`W${T}987654321${T}1`))).toEqual({
      kind: 'watermark',
      cpu: 1,
      ts: 987654321,
    });
  });

  it('never throws on arbitrary lines', () => {
    const d = new LineDecoder();
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (s) => {
        d.push(s);
        d.push(line(s));
        d.push(`{"type": "printf", "data": "${s}`);
      }),
    );
  });
});

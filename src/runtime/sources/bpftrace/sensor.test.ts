// The sensor against the real kernel (root + bpftrace): what it sees, how it decodes hostile names
// and long paths, and that stopping it releases every BPF program it loaded.
import { spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { missingTools } from '../../../../test/support/tools.js';
import type { RawRecord, SyscallRecord } from './decode.js';
import { BpftraceSensor, type SensorStats } from './sensor.js';

const skip = missingTools(['bpftrace'], { root: true });

/** prog_id → pid for every BPF program some process holds an fd to. */
function heldBpfPrograms(): Map<number, number> {
  const out = new Map<number, number>();
  for (const pid of readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${pid}/fdinfo`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        const m = /^prog_id:\s*(\d+)/m.exec(readFileSync(`/proc/${pid}/fdinfo/${fd}`, 'utf8'));
        if (m) out.set(Number(m[1]), Number(pid));
      } catch {
        /* raced */
      }
    }
  }
  return out;
}

function run(cmd: string, args: string[]): Promise<number | null> {
  return new Promise((resolve) => {
    const c = spawn(cmd, args, { stdio: 'ignore' });
    c.on('exit', (code) => resolve(code));
    c.on('error', () => resolve(null));
  });
}

describe.skipIf(skip)('BpftraceSensor (live kernel)', () => {
  let sensor: BpftraceSensor;
  let dir: string;
  const records: RawRecord[] = [];
  const stats: SensorStats[] = [];
  let consumer: Promise<void>;
  let before: Map<number, number>;
  let port = 0;
  const server = createServer((s) => s.on('error', () => {}).resume());

  beforeAll(async () => {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as { port: number }).port;
    dir = mkdtempSync('/tmp/bulwark-sensor-');
    before = heldBpfPrograms();
    sensor = await BpftraceSensor.start({
      eventTypes: ['execve', 'openat', 'connect', 'symlinkat', 'renameat2', 'rename', 'unlinkat'],
      statsIntervalMs: 200,
      onStats: (s) => stats.push(s),
    });
    consumer = (async () => {
      for await (const batch of sensor.batches()) records.push(...batch);
    })();
  });

  afterAll(async () => {
    await sensor?.stop();
    await consumer;
    server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('sees execs with argv, opens with hostile names and long paths, links, renames and connects', async () => {
    const weird = join(dir, 'we\tird\nname "q" \\ é');
    writeFileSync(weird, 'x');
    // 8 components of 60 characters: longer than three 127-byte bpftrace strings.
    const long = join(dir, ...Array.from({ length: 8 }, (_, i) => `d${i}`.padEnd(60, 'x')));
    mkdirSync(long, { recursive: true });
    writeFileSync(join(long, 'f'), 'y');
    expect(await run('cat', [weird, join(long, 'f')])).toBe(0);
    expect(await run('ln', ['-s', '/etc/shadow', join(dir, 'link')])).toBe(0);
    expect(await run('mv', [join(dir, 'link'), join(dir, 'link2')])).toBe(0);
    expect(await run('rm', [join(dir, 'link2')])).toBe(0);
    expect(await run('nc', ['-z', '127.0.0.1', String(port)])).toBe(0);
    await new Promise((r) => setTimeout(r, 1500));

    const execs = records.filter((r) => r.kind === 'exec');
    const cat = execs.find((r) => r.kind === 'exec' && r.argv[1] === weird);
    expect(cat).toMatchObject({ comm: 'cat', argv: ['cat', weird, join(long, 'f')] });
    const sys = records.filter((r): r is SyscallRecord => r.kind === 'syscall');
    const opened = sys.filter((r) => r.spec.evt === 'openat' && r.pid === cat!.pid).map((r) => r.strs[0]);
    expect(opened).toContain(weird);
    expect(opened).toContain(join(long, 'f'));
    expect(sys.find((r) => r.spec.evt === 'symlinkat' && r.strs[1] === join(dir, 'link'))?.strs[0]).toBe(
      '/etc/shadow',
    );
    const ren = sys.find((r) => r.spec.evt.startsWith('rename') && r.strs[1] === join(dir, 'link2'));
    expect(ren?.ret).toBe(0);
    expect(sys.some((r) => r.spec.evt === 'unlinkat' && r.strs[0] === join(dir, 'link2'))).toBe(true);
    const conn = sys.find((r) => r.spec.evt === 'connect' && r.fd?.family === 2 && r.fd.rport === port);
    expect(conn?.sockaddr).toMatchObject({ family: 2, port });
  });

  it('reports received, lost and dropped counts every interval', () => {
    expect(stats.length).toBeGreaterThan(2);
    const last = stats[stats.length - 1]!;
    expect(last.received).toBeGreaterThan(0);
    expect(last).toHaveProperty('lost');
    expect(last).toHaveProperty('queueDrops');
    expect(last.malformed).toBe(0);
  });

  it('stops cleanly: bpftrace exits and every BPF program it loaded is released', async () => {
    const pid = sensor.pid!;
    const during = heldBpfPrograms();
    const ours = [...during].filter(([id, p]) => p === pid && !before.has(id)).map(([id]) => id);
    expect(ours.length).toBeGreaterThan(10);
    await sensor.stop();
    expect(
      existsSync(`/proc/${pid}/stat`) && !readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z'),
    ).toBe(false);
    const after = heldBpfPrograms();
    expect(ours.filter((id) => after.has(id))).toEqual([]);
  });
});

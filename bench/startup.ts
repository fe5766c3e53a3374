// bench/startup: how long `bulwark --version` takes to start, against a bare `node -e 0` of the same
// Node in the same run (issue 9: ratio ≤ 1.3, medians of repeated runs).
// Run: npx tsx bench/startup.ts [runs=30]
//
// Three subjects, interleaved round by round so a busy machine slows them alike:
// - `node -e 0`                       the floor: Node's own start-up;
// - `node bin/bulwark.js --version`   the launcher's version check, then the bundle's entry chunk;
// - `bin/bulwark.js --version`        as a user runs it: sh finds node_modules' Node 24 and execs it;
// - `node bin/bulwark.js version`     a real command: commander and every command's options load.
// `--version` is answered before commander loads (src/cli/main.ts); the last line shows what a
// command that goes through commander costs.
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { join } from 'node:path';

const ROOT = new URL('..', import.meta.url).pathname;
const BIN = join(ROOT, 'bin/bulwark.js');
const RUNS = Number(process.argv[2] ?? 30);
const node = process.execPath;

interface Subject {
  name: string;
  cmd: string;
  args: string[];
  times: number[];
}

const subjects: Subject[] = [
  { name: 'node -e 0 (baseline)', cmd: node, args: ['-e', '0'], times: [] },
  { name: 'node bin/bulwark.js --version', cmd: node, args: [BIN, '--version'], times: [] },
  { name: 'bin/bulwark.js --version (via sh)', cmd: BIN, args: ['--version'], times: [] },
  { name: 'node bin/bulwark.js version', cmd: node, args: [BIN, 'version'], times: [] },
];

function once(s: Subject): number {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(s.cmd, s.args, { encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${s.name} exited ${r.status}: ${r.stderr}`);
  return ms;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

// One warm-up round each: the first start reads the files from disk into the page cache.
for (const s of subjects) once(s);
const loadStart = loadavg()[0]!;
for (let i = 0; i < RUNS; i++) for (const s of subjects) s.times.push(once(s));

console.log(
  `bench/startup: node ${process.versions.node}, ${RUNS} interleaved rounds, medians; ` +
    `load average ${loadStart.toFixed(2)} → ${loadavg()[0]!.toFixed(2)}`,
);
const base = median(subjects[0]!.times);
for (const s of subjects) {
  const m = median(s.times);
  console.log(
    `${s.name.padEnd(36)} ${m.toFixed(1).padStart(7)} ms   ratio ${(m / base).toFixed(2)}` +
      `   (min ${Math.min(...s.times).toFixed(1)}, max ${Math.max(...s.times).toFixed(1)})`,
  );
}
const ratio = median(subjects[1]!.times) / base;
console.log(
  `goal: bulwark --version ≤ 1.3 × node -e 0: ${ratio <= 1.3 ? 'met' : 'not met'} (${ratio.toFixed(2)})`,
);

// bench/runtime.ts section "live": the eBPF sensor's CPU use and drops at a measured syscall rate.
// A small C load generator opens a file at a fixed rate (openat, the commonest traced syscall) while
// the whole `runtime watch` path runs in this process: bpftrace sensor (the probes the stable rules
// need) → process/fd tables → rules engine. Measured per rate: events the sensor delivered for the
// generator's pid (capture ratio), kernel drops (bpftrace lost events), queue drops, CPU of bpftrace
// and of this process (/proc/PID/stat, process.cpuUsage), and the generator's own CPU per syscall
// against a baseline run of the same generator without the sensor, in the same run.
// Needs root, bpftrace and a C compiler (gcc/cc).
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadRules } from '../src/runtime/rules/load.js';
import { LiveSource } from '../src/runtime/sources/bpftrace/live.js';
import { fixture } from '../test/support/fixtures.js';

const RATES = (process.env.BULWARK_BENCH_RATES ?? '5000,20000,40000').split(',').map(Number);
const SECONDS = Number(process.env.BULWARK_BENCH_SECONDS ?? 5);
const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');

const LOADGEN_C = `
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>
static double now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec + t.tv_nsec / 1e9; }
/* loadgen RATE SECONDS PATH: open+close PATH RATE times a second, paced every 0.2 ms. */
int main(int argc, char **argv) {
  if (argc < 4) return 2;
  double rate = atof(argv[1]), secs = atof(argv[2]);
  double start = now(); long done = 0;
  for (;;) {
    double t = now() - start;
    if (t >= secs) break;
    long due = (long)(t * rate);
    while (done < due) { int fd = open(argv[3], O_RDONLY); if (fd >= 0) close(fd); done++; }
    struct timespec ts = {0, 200000}; nanosleep(&ts, 0);
  }
  struct rusage ru; getrusage(RUSAGE_SELF, &ru);
  printf("%ld %.6f %.6f\\n", done, now() - start,
         ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6);
  return 0;
}
`;

interface LoadResult {
  ops: number;
  secs: number;
  cpu: number;
}

function loadgen(bin: string, rate: number, secs: number, path: string): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const c = spawn(bin, [String(rate), String(secs), path], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    c.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    c.on('error', reject);
    c.on('exit', () => {
      const [ops, s, cpu] = out.trim().split(' ').map(Number);
      resolve({ ops: ops!, secs: s!, cpu: cpu! });
    });
  });
}

/** utime+stime of a process in seconds (/proc/PID/stat fields 14 and 15, in clock ticks). */
function procCpu(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  return (Number(f[11]) + Number(f[12])) / ticks;
}

export async function benchLive(): Promise<void> {
  if (typeof process.getuid === 'function' && process.getuid() !== 0) {
    console.log('== live: skipped (needs root for eBPF)');
    return;
  }
  const cc = ['gcc', 'cc'].find((c) => {
    try {
      execFileSync('sh', ['-c', `command -v ${c}`], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  });
  if (!cc) {
    console.log('== live: skipped (no C compiler for the load generator)');
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'bulwark-bench-live-'));
  const bin = join(dir, 'loadgen');
  writeFileSync(join(dir, 'loadgen.c'), LOADGEN_C);
  execFileSync(cc, ['-O2', '-o', bin, join(dir, 'loadgen.c')]);
  const target = join(dir, 'target.txt');
  writeFileSync(target, 'x');

  const { ruleset, errors } = await loadRules([fixture('falco', 'falco_rules.yaml')], { hostname: 'bench' });
  if (errors.length) throw new Error(`rules failed to load: ${errors[0]!.message}`);
  const needs = ruleset.eventTypes();

  // Baseline: the generator alone, same rates, before any probe is attached.
  const baseline = new Map<number, LoadResult>();
  for (const rate of RATES) baseline.set(rate, await loadgen(bin, rate, SECONDS, target));

  const t0 = Date.now();
  const live = await LiveSource.start({ eventTypes: needs.all ? undefined : needs.types });
  const startSecs = (Date.now() - t0) / 1000;
  const btPid = live.sensor.pid!;
  let targetOpens = 0;
  let alerts = 0;
  let events = 0;
  const consumer = (async () => {
    for await (const batch of live.events()) {
      for (const ev of batch) {
        events++;
        const f = ev.source === 'syscall' ? ev.fields : null;
        // Only the generator opens this file, so its events are counted exactly.
        if (f && f['evt.type'] === 'openat' && f['fd.name'] === target) targetOpens++;
        alerts += ruleset.evaluate(ev).length;
      }
    }
  })();

  console.log(
    `== live: bpftrace sensor + tables + rules engine (falco_rules.yaml: ${needs.types.length} event types, ${live.sensor.program.specs.length} syscall probes), ${SECONDS} s per rate; node ${process.versions.node}`,
  );
  console.log(
    `   machine: ${availableParallelism()} CPUs, load average ${loadavg()[0]!.toFixed(1)}; sensor start ${startSecs.toFixed(1)} s (compile + attach)`,
  );
  for (const rate of RATES) {
    const s0 = live.stats();
    const bt0 = procCpu(btPid);
    const me0 = process.cpuUsage();
    const ev0 = events;
    const t0 = targetOpens;
    const w0 = Date.now();
    const res = await loadgen(bin, rate, SECONDS, target);
    // Let the pipeline drain (reorder window + queue), then count what arrived for this pid.
    const drainStart = Date.now();
    let prev = -1;
    while (Date.now() - drainStart < 10_000) {
      await new Promise((r) => setTimeout(r, 250));
      const n = live.stats().received;
      if (n === prev) break;
      prev = n;
    }
    const wall = (Date.now() - w0) / 1000;
    const s1 = live.stats();
    const bt = procCpu(btPid) - bt0;
    const me = process.cpuUsage(me0);
    const meSecs = (me.user + me.system) / 1e6;
    const base = baseline.get(rate)!;
    const achieved = res.ops / res.secs;
    console.log(
      `   target ${fmt(rate).padStart(6)}/s: generator ${fmt(achieved)} openat/s (baseline alone ${fmt(base.ops / base.secs)}/s); ` +
        `delivered ${fmt(targetOpens - t0)}/${fmt(res.ops)} (${(((targetOpens - t0) / res.ops) * 100).toFixed(2)}%); ` +
        `kernel drops ${s1.lost - s0.lost}, queue drops ${s1.queueDrops - s0.queueDrops}; ` +
        `all events ${fmt((s1.received - s0.received) / wall)}/s (${fmt(events - ev0)} to the rules)`,
    );
    console.log(
      `      CPU: bpftrace ${((bt / wall) * 100).toFixed(1)}%, node (decode+tables+rules) ${((meSecs / wall) * 100).toFixed(1)}%; ` +
        `generator ${((res.cpu / res.ops) * 1e6).toFixed(2)} µs CPU per open traced vs ${((base.cpu / base.ops) * 1e6).toFixed(2)} µs alone ` +
        `(${(res.cpu / res.ops / (base.cpu / base.ops)).toFixed(2)} × baseline)`,
    );
  }
  await live.stop();
  await consumer;
  console.log(`   alerts raised during the run (background activity included): ${alerts}`);
  if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
}

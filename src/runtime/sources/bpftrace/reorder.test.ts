import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ExitRecord } from './decode.js';
import { onlineCpus, Reorderer } from './reorder.js';

const MS = 1e6;
const rec = (ts: number, pid = 1): ExitRecord => ({ kind: 'exit', ts, pid, tid: pid, groupDead: true });
const tss = (rs: { ts: number }[]) => rs.map((r) => r.ts);

describe('Reorderer: per-CPU watermarks', () => {
  it('holds a record until every CPU has passed it, then releases in time order', () => {
    const r = new Reorderer({ cpus: 2, windowMs: 50, maxHoldMs: 1000, slackMs: 0 });
    const soon = 110 * MS;
    // CPU 1's ring is drained first: its exec (ts 105) arrives before CPU 0's earlier one (ts 100).
    r.add([rec(105 * MS, 2)]);
    r.mark(1, 106 * MS);
    expect(r.take(soon, 100, false)).toEqual([]); // CPU 0 has not reported, and 50 ms have not passed
    r.add([rec(100 * MS, 1)]);
    r.mark(0, 104 * MS);
    // Lowest watermark 104: only the record at 100 is complete.
    expect(tss(r.take(soon, 100, false))).toEqual([100 * MS]);
    r.mark(0, 107 * MS);
    expect(tss(r.take(soon, 100, false))).toEqual([105 * MS]);
    expect(r.size).toBe(0);
  });

  it('falls back to the time window until every CPU has reported', () => {
    const r = new Reorderer({ cpus: 4, windowMs: 50 });
    r.add([rec(100 * MS)]);
    r.mark(0, 200 * MS);
    expect(r.take(149 * MS, 10, false)).toEqual([]);
    expect(tss(r.take(150 * MS, 10, false))).toEqual([100 * MS]);
  });

  it('never holds longer than maxHold, even when one CPU stops reporting', () => {
    const r = new Reorderer({ cpus: 2, windowMs: 50, maxHoldMs: 1000 });
    r.mark(0, 0);
    r.mark(1, 0); // CPU 1 never reports again
    r.add([rec(10 * MS)]);
    r.mark(0, 500 * MS);
    expect(r.take(900 * MS, 10, false)).toEqual([]);
    expect(tss(r.take(1010 * MS, 10, false))).toEqual([10 * MS]);
    expect(r.waitMs(1010 * MS)).toBeNull();
  });

  it('releases everything when closed, and at most max at a time', () => {
    const r = new Reorderer({ cpus: 1 });
    r.add([rec(3), rec(1), rec(2)]);
    expect(tss(r.take(0, 2, true))).toEqual([1, 2]);
    expect(tss(r.take(0, 2, true))).toEqual([3]);
  });

  it('keeps a slack below the watermark for a record whose line follows a watermark printed mid-probe', () => {
    const r = new Reorderer({ cpus: 1, windowMs: 50, maxHoldMs: 1000, slackMs: 2 });
    r.add([rec(97 * MS), rec(99 * MS)]);
    r.mark(0, 100 * MS);
    expect(tss(r.take(101 * MS, 10, false))).toEqual([97 * MS]);
    r.add([rec(98.5 * MS)]); // its ts predates the watermark, its line came after it
    r.mark(0, 102 * MS);
    expect(tss(r.take(103 * MS, 10, false))).toEqual([98.5 * MS, 99 * MS]);
  });

  it('ignores bad and stale watermarks', () => {
    const r = new Reorderer({ cpus: 1, windowMs: 50, maxHoldMs: 1000, slackMs: 0 });
    r.mark(0, 100 * MS);
    r.mark(0, 50 * MS); // older: a watermark never moves back
    r.mark(-1, 1e12);
    r.mark(0.5, 1e12);
    r.mark(0, NaN);
    r.add([rec(90 * MS), rec(101 * MS)]);
    expect(tss(r.take(120 * MS, 10, false))).toEqual([90 * MS]);
  });

  it('property: output is sorted, nothing is lost or duplicated, and nothing is released past a watermark', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 1 }), fc.integer({ min: 0, max: 1000 })), {
          maxLength: 200,
        }),
        (events) => {
          // Two CPUs, each writing its records in time order; delivery interleaves the rings.
          const r = new Reorderer({ cpus: 2, windowMs: 1e9, maxHoldMs: 1e9, slackMs: 0 });
          const per: number[][] = [[], []];
          for (const [cpu, ts] of events) per[cpu]!.push(ts);
          per.forEach((p) => p.sort((a, b) => a - b));
          const out: number[] = [];
          const rings = per.map((p) => [...p]);
          let turn = 0;
          while (rings[0]!.length || rings[1]!.length) {
            const cpu = rings[turn % 2]!.length ? turn % 2 : (turn + 1) % 2;
            const ts = rings[cpu]!.shift()!;
            r.add([rec(ts)]);
            r.mark(cpu, ts);
            const got = tss(r.take(0, 1e6, false));
            // Every released record is at or below both CPUs' progress.
            for (const t of got) expect(t).toBeLessThanOrEqual(Math.min(...[0, 1].map((c) => progress(c))));
            out.push(...got);
            turn += ts % 3 === 0 ? 1 : 0;
          }
          out.push(...tss(r.take(0, 1e6, true)));
          expect(out).toEqual([...per[0]!, ...per[1]!].sort((a, b) => a - b));
          function progress(c: number): number {
            const done = per[c]!.length - rings[c]!.length;
            return done === 0 ? -Infinity : rings[c]!.length ? per[c]![done - 1]! : Infinity;
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('onlineCpus', () => {
  it.each([
    ['0-1\n', 2],
    ['0\n', 1],
    ['0-3,6,8-9\n', 7],
    ['', 5],
    ['garbage', 5],
    ['3-1', 5],
  ])('%j → %d', (text, n) => {
    expect(onlineCpus(text, 5)).toBe(n);
  });
  it('falls back when /sys is not readable', () => expect(onlineCpus(null, 3)).toBe(3));
});

// Pod Security Standards evaluation speed: pods/s for baseline and restricted (latest), against
// parsing the same YAML alone, in one run. Input: the psa-testdata pods (BULWARK_FIXTURES).
// Run: npx tsx bench/pss.ts
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { checksFor, runChecks } from '../src/checks/kubernetes/pss/evaluate.js';
import type { PodLike } from '../src/checks/kubernetes/pss/types.js';
import { fixture } from '../test/support/fixtures.js';

function yamlFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...yamlFiles(p));
    else if (p.endsWith('.yaml')) out.push(p);
  }
  return out;
}

const texts = yamlFiles(fixture('k8s', 'psa-testdata', 'test', 'testdata')).map((f) =>
  readFileSync(f, 'utf8'),
);
const MIN_MS = 1500;

/** Repeat `fn` over the corpus until MIN_MS has passed; return items per second. */
function rate(fn: () => void, items: number): number {
  fn(); // warm-up
  let rounds = 0;
  const start = process.hrtime.bigint();
  let elapsed = 0;
  while (elapsed < MIN_MS) {
    fn();
    rounds++;
    elapsed = Number(process.hrtime.bigint() - start) / 1e6;
  }
  return (rounds * items) / (elapsed / 1000);
}

let sink = 0;
const parseRate = rate(() => {
  for (const t of texts) sink += (parse(t, { version: '1.1' }) as PodLike).spec ? 1 : 0;
}, texts.length);
const pods = texts.map((t) => parse(t, { version: '1.1' }) as PodLike);
const results: [string, number][] = [];
for (const level of ['baseline', 'restricted'] as const) {
  const fns = checksFor({ level, version: 'latest' });
  results.push([
    `${level}:latest`,
    rate(() => {
      for (const p of pods) sink += runChecks(fns, p).length;
    }, pods.length),
  ]);
}
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
console.log(`corpus: ${pods.length} pods (psa-testdata), node ${process.versions.node}`);
console.log(`parse YAML only        ${fmt(parseRate).padStart(12)} pods/s  (baseline for the ratio)`);
for (const [name, r] of results) {
  console.log(
    `evaluate ${name.padEnd(18)} ${fmt(r).padStart(10)} pods/s  ${(r / parseRate).toFixed(1)}× parse rate`,
  );
}
if (sink < 0) console.log(sink);

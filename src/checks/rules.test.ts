// Every rule of every family: registered exactly as its folder lists it, documented, and proven by
// its own examples through the real scanner (good → no finding of that rule, bad → at least one).
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { analyzeSources } from './config/analyze.js';
import { checkImage } from './image/check.js';
import type { ImageContext } from './image/context.js';
import { allRules, RULE_FAMILIES } from './registry.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const EXAMPLE_FILE: Record<string, string> = {
  k8s: 'example.yaml',
  dockerfile: 'Dockerfile',
  compose: 'compose.yaml',
  oci: 'config.json',
};

describe('rule registries', () => {
  it.each(RULE_FAMILIES.map((f) => [f.family, f] as const))('%s registry equals its folder', (_family, f) => {
    const files = readdirSync(join(HERE, f.dir))
      .filter((n) => n.endsWith('.ts') && !n.endsWith('.test.ts') && n !== 'api.ts')
      .map((n) => n.replace(/\.ts$/, ''))
      .sort();
    expect(Object.keys(f.rules).sort()).toEqual(files);
  });

  it('rule ids are unique across families', () => {
    const ids = allRules().map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

const scanned = allRules();

describe.each(scanned.map((r) => [r.id, r] as const))('%s', (id, rule) => {
  it('is documented', () => {
    expect(rule.title.length).toBeGreaterThan(5);
    expect(rule.docs.description.length).toBeGreaterThan(20);
    expect(rule.docs.remediation.length).toBeGreaterThan(10);
    expect(rule.examples.good.length).toBeGreaterThan(0);
    expect(rule.examples.bad.length).toBeGreaterThan(0);
  });

  const run = (text: string) =>
    rule.family === 'image'
      ? checkImage(JSON.parse(text) as ImageContext, { only: new Set([id]) })
      : analyzeSources([{ file: EXAMPLE_FILE[rule.family]!, text }], {
          only: new Set([id]),
        }).misconfigurations.filter((m) => m.id === id);

  it.each(rule.examples.good.map((t, i) => [i, t]))('good example %i passes', (_i, text) => {
    expect(run(text)).toEqual([]);
  });

  it.each(rule.examples.bad.map((t, i) => [i, t]))('bad example %i fails with a line', (_i, text) => {
    const hits = run(text);
    expect(hits.length).toBeGreaterThan(0);
    for (const h of hits) {
      if (rule.family !== 'image' || h.file.startsWith('/etc/')) expect(h.line).toBeGreaterThan(0);
      expect(h.message.length).toBeGreaterThan(5);
    }
  });
});

// Guards architecture.md: dependencies between src/ folders point one way, down the layout list.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './support/fixtures.js';

// Order from architecture.md "Layout": a folder may import only itself and folders listed before it.
export const LAYERS = [
  'core',
  'versioning',
  'image',
  'analyzers',
  'vulndb',
  'matchers',
  'checks',
  'signing',
  'policy',
  'admission',
  'runtime',
  'netpol',
  'scan',
  'report',
  'server',
  'cli',
];

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...walk(p));
    else if (p.endsWith('.ts') && !p.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

const SRC = join(REPO_ROOT, 'src');
const IMPORT_RE = /(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

describe('architecture', () => {
  const files = walk(SRC);

  it('every src/ folder is a known layer', () => {
    const top = readdirSync(SRC).filter((n) => statSync(join(SRC, n)).isDirectory());
    expect(top.filter((t) => !LAYERS.includes(t))).toEqual([]);
  });

  it('imports point down the layer list only', () => {
    const violations: string[] = [];
    for (const file of files) {
      const fromLayer = relative(SRC, file).split(sep)[0]!;
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(IMPORT_RE)) {
        const spec = m[1] ?? m[2]!;
        if (!spec.startsWith('.')) continue;
        const target = resolve(dirname(file), spec);
        const rel = relative(SRC, target);
        if (rel.startsWith('..')) {
          violations.push(`${relative(REPO_ROOT, file)} imports outside src/: ${spec}`);
          continue;
        }
        const toLayer = rel.split(sep)[0]!;
        if (LAYERS.indexOf(toLayer) > LAYERS.indexOf(fromLayer)) {
          violations.push(`${relative(REPO_ROOT, file)} (${fromLayer}) imports ${toLayer}: ${spec}`);
        }
      }
    }
    expect(violations).toEqual([]);
  });
});

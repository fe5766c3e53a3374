// Writes docs/rules/ from the rule data (src/checks/docs.ts). Run: npx tsx scripts/rule-docs.ts
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ruleDocs } from '../src/checks/docs.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const docs = ruleDocs();
// Remove pages of rules that no longer exist.
for (const family of readdirSync(join(root, 'docs/rules'), { withFileTypes: true }).filter((d) =>
  d.isDirectory(),
)) {
  for (const f of readdirSync(join(root, 'docs/rules', family.name))) {
    if (!docs.has(`docs/rules/${family.name}/${f}`)) rmSync(join(root, 'docs/rules', family.name, f));
  }
}
for (const [path, content] of docs) {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), content);
}
console.log(`wrote ${docs.size} pages under docs/rules/`);

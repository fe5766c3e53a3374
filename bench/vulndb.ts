// Vulnerability DB figures: import throughput and matching time, on synthetic Debian-shaped OSV data
// at the scale of the real Debian feed (tens of thousands of DEBIAN-CVE records, thousands of source
// packages, three releases each), plus the real Go vulndb fixture when present.
// Baselines measured in the same run: JSON.parse of the same records (import) and the bare indexed
// lookup (matching). Run: npx tsx bench/vulndb.ts [records=40000]
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ZipFile } from 'yazl';
import { createWriteStream } from 'node:fs';
import type { Package } from '../src/core/model.js';
import { matchVulnerabilities } from '../src/matchers/match.js';
import { importPaths } from '../src/vulndb/import/importer.js';
import { openStore } from '../src/vulndb/store/open.js';

const RECORDS = Number(process.argv[2] ?? 40_000);
const PACKAGES = Math.max(100, Math.round(RECORDS / 10));
const tmp = mkdtempSync(join(tmpdir(), 'bulwark-bench-vulndb-'));

function record(i: number): string {
  const pkg = `pkg${i % PACKAGES}`;
  const cve = `CVE-2024-${String(10000 + i)}`;
  const rel = (n: number, fixed: string | null, urgency: string): unknown => ({
    package: { ecosystem: `Debian:${n}`, name: pkg, purl: `pkg:deb/debian/${pkg}?arch=source` },
    ranges: [{ type: 'ECOSYSTEM', events: fixed ? [{ introduced: '0' }, { fixed }] : [{ introduced: '0' }] }],
    ecosystem_specific: { urgency },
  });
  return JSON.stringify({
    schema_version: '1.7.0',
    id: `DEBIAN-${cve}`,
    upstream: [cve],
    modified: '2026-01-01T00:00:00Z',
    published: '2025-06-01T00:00:00Z',
    details: `Synthetic issue ${i} in ${pkg}. `.repeat(8),
    references: [{ type: 'ADVISORY', url: `https://security-tracker.debian.org/tracker/${cve}` }],
    severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H' }],
    affected: [
      rel(11, `1.${i % 7}-1+deb11u${(i % 5) + 1}`, 'low'),
      rel(
        12,
        i % 3 === 0 ? null : `1.${i % 7}-2+deb12u${(i % 5) + 1}`,
        i % 3 === 0 ? 'unimportant' : 'medium',
      ),
      rel(13, `1.${i % 7}-3`, 'not yet assigned'),
    ],
  });
}

async function writeZip(path: string, n: number): Promise<string[]> {
  const zip = new ZipFile();
  const texts: string[] = [];
  for (let i = 0; i < n; i++) {
    const t = record(i);
    texts.push(t);
    zip.addBuffer(Buffer.from(t), `DEBIAN-CVE-2024-${10000 + i}.json`);
  }
  zip.end();
  await new Promise<void>((done, fail) =>
    zip.outputStream.pipe(createWriteStream(path)).on('close', done).on('error', fail),
  );
  return texts;
}

function ms(t0: number): number {
  return performance.now() - t0;
}

async function main(): Promise<void> {
  const zip = join(tmp, 'Debian-all.zip');
  const texts = await writeZip(zip, RECORDS);
  const db = join(tmp, 'bench.sqlite');
  const store = await openStore({ db });
  try {
    let t = performance.now();
    for (const x of texts) JSON.parse(x);
    const parseMs = ms(t);

    t = performance.now();
    const first = await importPaths([zip], { store });
    const importMs = ms(t);
    t = performance.now();
    const again = await importPaths([zip], { store });
    const reimportMs = ms(t);

    console.log(
      `records: ${RECORDS} synthetic DEBIAN-CVE records over ${PACKAGES} source packages, 3 releases each`,
    );
    console.log(
      `import:    ${(importMs / 1000).toFixed(2)} s  = ${Math.round(RECORDS / (importMs / 1000))} records/s (added ${first.added})`,
    );
    console.log(
      `re-import: ${(reimportMs / 1000).toFixed(2)} s  = ${Math.round(RECORDS / (reimportMs / 1000))} records/s (unchanged ${again.unchanged})`,
    );
    console.log(
      `baseline JSON.parse of the same records: ${parseMs.toFixed(0)} ms; import/parse ratio ${(importMs / parseMs).toFixed(1)}`,
    );

    const go = resolve(
      process.env.BULWARK_FIXTURES ?? join(import.meta.dirname, '../../shared/fixtures'),
      'vulndata/osv-go-vulndb.tar.gz',
    );
    if (existsSync(go)) {
      const goStore = await openStore({ db: join(tmp, 'go.sqlite') });
      t = performance.now();
      const r = await importPaths([go], { store: goStore });
      const goMs = ms(t);
      await goStore.close();
      console.log(
        `real Go vulndb tar.gz: ${r.records} records in ${(goMs / 1000).toFixed(2)} s = ${Math.round(r.records / (goMs / 1000))} records/s`,
      );
    }

    const os = { family: 'debian', version: '12' };
    for (const n of [100, 1000]) {
      const pkgs: Package[] = Array.from({ length: n }, (_, i) => {
        const v = `1.${i % 7}-2+deb12u${i % 6}`;
        return {
          name: `lib${i}`,
          version: v,
          type: 'deb',
          purl: `pkg:deb/debian/lib${i}@${v}`,
          source: { name: `pkg${i % PACKAGES}`, version: v },
        };
      });
      await matchVulnerabilities(store, os, pkgs); // warm the page cache
      const runs = 5;
      t = performance.now();
      let found = 0;
      for (let k = 0; k < runs; k++) found = (await matchVulnerabilities(store, os, pkgs)).length;
      const matchMs = ms(t) / runs;
      t = performance.now();
      let hits = 0;
      for (let k = 0; k < runs; k++)
        hits = (
          await store.findAffected(
            ['debian:12'],
            pkgs.map((p) => p.source!.name),
          )
        ).length;
      const lookupMs = ms(t) / runs;
      console.log(
        `match ${n} packages: ${matchMs.toFixed(1)} ms (${found} findings from ${hits} affected entries); ` +
          `baseline indexed lookup ${lookupMs.toFixed(1)} ms; ratio ${(matchMs / lookupMs).toFixed(2)}`,
      );
    }
  } finally {
    await store.close();
    rmSync(tmp, { recursive: true, force: true });
  }
}

await main();

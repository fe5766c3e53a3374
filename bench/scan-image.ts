// bench/scan-image: how fast `bulwark image` scans a real Debian image compared with merely
// decompressing its layers, how fast a cached rescan is, and whether memory stays flat as images grow.
// Run: npx tsx bench/scan-image.ts   (needs root, debootstrap, umoci, skopeo; builds its images once)
// Prints figures and ratios measured in this run; the goals are in issue 2: ratio ≤ 1.5, rescan < 0.3 s.
import { execFileSync, spawnSync } from 'node:child_process';
import {
  createWriteStream,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createHash, randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import tar from 'tar-stream';
import { bookwormOciLayout } from '../test/support/images.js';

const ROOT = new URL('..', import.meta.url).pathname;
const BIN = join(ROOT, 'bin/bulwark.js');
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const work = mkdtempSync(join(tmpdir(), 'bulwark-bench-scan-'));
process.on('exit', () => rmSync(work, { recursive: true, force: true }));

interface Timed {
  seconds: number;
  maxRssKb: number;
}

/** Wall time and peak RSS of one process, via GNU time. */
function timed(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): Timed {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M', cmd, ...args], {
    env,
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr}`);
  const last = r.stderr.trim().split('\n').at(-1)!.split(' ');
  return { seconds: Number(last[0]), maxRssKb: Number(last[1]) };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1]!;
}

function blobs(layout: string): { layers: string[] } {
  const index = JSON.parse(readFileSync(join(layout, 'index.json'), 'utf8'));
  const manifest = JSON.parse(
    readFileSync(join(layout, 'blobs/sha256', index.manifests[0].digest.slice(7)), 'utf8'),
  );
  return {
    layers: manifest.layers.map((l: { digest: string }) => join(layout, 'blobs/sha256', l.digest.slice(7))),
  };
}

/** A copy of the layout with one more gzip layer of `mib` MiB of incompressible files (streamed, not held in memory). */
async function grownLayout(base: string, mib: number): Promise<string> {
  const dir = join(work, `grown-${mib}`);
  execFileSync('cp', ['-a', base, dir]);
  const layerFile = join(work, `layer-${mib}.tgz`);
  const pack = tar.pack();
  const diff = createHash('sha256');
  const gz = createGzip({ level: 1 });
  pack.on('data', (c: unknown) => void diff.update(c as Buffer));
  const done = pipeline(pack, gz, createWriteStream(layerFile));
  const file = randomBytes(4 << 20);
  for (let i = 0; i < mib / 4; i++) {
    await new Promise<void>((res, rej) =>
      pack.entry({ name: `data/blob-${i}.bin`, size: file.length }, file, (e) => (e ? rej(e) : res())),
    );
  }
  pack.finalize();
  await done;
  const bytes = readFileSync(layerFile);
  const digest = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
  writeFileSync(join(dir, 'blobs/sha256', digest.slice(7)), bytes);
  const index = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8'));
  const mPath = join(dir, 'blobs/sha256', index.manifests[0].digest.slice(7));
  const manifest = JSON.parse(readFileSync(mPath, 'utf8'));
  const cPath = join(dir, 'blobs/sha256', manifest.config.digest.slice(7));
  const config = JSON.parse(readFileSync(cPath, 'utf8'));
  config.rootfs.diff_ids.push(`sha256:${diff.digest('hex')}`);
  config.history = [...(config.history ?? []), { created_by: `bench: ${mib} MiB of random data` }];
  const c = Buffer.from(JSON.stringify(config));
  const cDigest = `sha256:${createHash('sha256').update(c).digest('hex')}`;
  writeFileSync(join(dir, 'blobs/sha256', cDigest.slice(7)), c);
  manifest.config = { ...manifest.config, digest: cDigest, size: c.length };
  manifest.layers.push({
    mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip',
    digest,
    size: bytes.length,
  });
  const m = Buffer.from(JSON.stringify(manifest));
  const mDigest = `sha256:${createHash('sha256').update(m).digest('hex')}`;
  writeFileSync(join(dir, 'blobs/sha256', mDigest.slice(7)), m);
  index.manifests[0] = { ...index.manifests[0], digest: mDigest, size: m.length };
  writeFileSync(join(dir, 'index.json'), JSON.stringify(index));
  rmSync(layerFile);
  return dir;
}

async function main(): Promise<void> {
  execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'ignore' });
  const { dir: layout, tag } = await bookwormOciLayout();
  const target = `oci:${layout}:${tag}`;

  // A warm DB: real-schema OSV records for Debian 12 imported once, so matching runs for real.
  const db = join(work, 'db.sqlite');
  const osv = join(work, 'osv');
  mkdirSync(osv);
  const pkgs = JSON.parse(
    execFileSync(
      process.execPath,
      [BIN, 'image', target, '--offline', '--no-cache', '--format', 'json', '--db', db],
      { encoding: 'utf8', maxBuffer: 1 << 28 },
    ),
  ).packages as { name: string; version: string; source?: { name: string; version: string } }[];
  const sources = [
    ...new Map(pkgs.map((p) => [p.source?.name ?? p.name, p.source?.version ?? p.version])).entries(),
  ];
  sources.forEach(([name, version], i) =>
    writeFileSync(
      join(osv, `r${i}.json`),
      JSON.stringify({
        schema_version: '1.6.0',
        id: `DEBIAN-CVE-2099-${String(i).padStart(4, '0')}`,
        modified: '2026-11-01T00:00:00Z',
        affected: [
          {
            package: { ecosystem: 'Debian:12', name },
            ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: `${version}+bench1` }] }],
          },
        ],
      }),
    ),
  );
  execFileSync(process.execPath, [BIN, 'db', 'import', osv, '--db', db], { stdio: 'ignore' });

  const scanArgs = (cache: string | null): string[] => [
    BIN,
    'image',
    target,
    '--offline',
    '--format',
    'json',
    '--db',
    db,
    ...(cache ? ['--cache-dir', cache] : ['--no-cache']),
  ];
  const env = { ...process.env, NO_COLOR: '1' };

  const layerFiles = blobs(layout).layers;
  const sizeMiB = layerFiles.reduce((n, f) => n + statSync(f).size, 0) / 2 ** 20;
  const tarTimes: number[] = [];
  const scanTimes: number[] = [];
  const rescanTimes: number[] = [];
  let scanRss = 0;
  for (let i = 0; i < RUNS; i++) {
    // Interleave baseline and subject so machine load affects both alike.
    tarTimes.push(
      layerFiles.reduce((t, f) => t + timed('sh', ['-c', `tar -xzOf '${f}' > /dev/null`]).seconds, 0),
    );
    const s = timed(process.execPath, scanArgs(null), env);
    scanTimes.push(s.seconds);
    scanRss = Math.max(scanRss, s.maxRssKb);
    const cache = join(work, `cache-${i}`);
    timed(process.execPath, scanArgs(cache), env);
    rescanTimes.push(timed(process.execPath, scanArgs(cache), env).seconds);
  }
  const tarMedian = median(tarTimes);
  const scanMedian = median(scanTimes);
  const nodeStart = median(Array.from({ length: RUNS }, () => timed(process.execPath, ['-e', '']).seconds));

  console.log(
    `image: debootstrap bookworm minbase, ${pkgs.length} packages, ${layerFiles.length} layer(s), ${sizeMiB.toFixed(1)} MiB compressed`,
  );
  console.log(`runs: ${RUNS} (medians)`);
  console.log(`tar -xzOf of the layers (baseline): ${tarMedian.toFixed(3)} s`);
  console.log(
    `bulwark image, no cache, warm DB:   ${scanMedian.toFixed(3)} s   peak RSS ${(scanRss / 1024).toFixed(0)} MiB`,
  );
  console.log(`ratio scan / tar:                   ${(scanMedian / tarMedian).toFixed(2)}   (goal ≤ 1.5)`);
  console.log(
    `cached rescan:                      ${median(rescanTimes).toFixed(3)} s   (goal < 0.3 s; node start alone ${nodeStart.toFixed(3)} s)`,
  );

  // Memory as the image grows: same base plus 256 MiB and 1 GiB of incompressible data.
  console.log('peak RSS as the image grows (no cache):');
  for (const mib of [0, 256, 1024]) {
    const dir = mib ? await grownLayout(layout, mib) : layout;
    const t = timed(
      process.execPath,
      [
        BIN,
        'image',
        `oci:${dir}${mib ? '' : `:${tag}`}`,
        '--offline',
        '--no-cache',
        '--format',
        'json',
        '--db',
        db,
      ],
      env,
    );
    console.log(
      `  +${String(mib).padStart(4)} MiB: ${t.seconds.toFixed(2)} s, peak RSS ${(t.maxRssKb / 1024).toFixed(0)} MiB`,
    );
    if (mib) rmSync(dir, { recursive: true, force: true });
  }
}

await main();

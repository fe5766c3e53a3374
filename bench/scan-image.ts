// bench/scan-image: how fast `bulwark image` scans a real Debian image compared with merely
// decompressing its layers, how fast a cached rescan is, and whether memory stays flat as images grow.
// Run: npx tsx bench/scan-image.ts   (needs root, debootstrap, umoci, skopeo; builds its images once)
//   BENCH_RUNS=N       interleaved rounds (default 5); every figure is the median over the rounds
//   BENCH_GROW=0       skip the growing-image section (it writes ~1.3 GiB of temp data)
//   BENCH_SCANNERS=0   skip the all-scanners (vuln,misconfig,secret) figure
// Prints figures and ratios measured in this run; the goals are in issue 2: ratio ≤ 1.5, rescan < 0.3 s.
//
// The machine may be shared: wall time then depends on what else runs, CPU time (user+sys of the
// process and its threads, or of tar and its gzip child) much less. Both are printed, the baseline
// and the subject are interleaved round by round, and the load average is shown at start and end.
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
import { cpus, loadavg, tmpdir } from 'node:os';
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
  wall: number;
  /** user+sys seconds of the process and every child it waited for (tar's gzip, node's threads). */
  cpu: number;
  maxRssKb: number;
}

/** Wall time, CPU time and peak RSS of one process, via GNU time. */
function timed(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): Timed {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %U %S %M', cmd, ...args], {
    env,
    encoding: 'utf8',
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr}`);
  const [e, u, s, m] = r.stderr.trim().split('\n').at(-1)!.split(' ').map(Number);
  return { wall: e!, cpu: u! + s!, maxRssKb: m! };
}

/** The sum over several commands run one after another (tar over each layer). */
function sum(ts: Timed[]): Timed {
  return {
    wall: ts.reduce((n, t) => n + t.wall, 0),
    cpu: ts.reduce((n, t) => n + t.cpu, 0),
    maxRssKb: Math.max(...ts.map((t) => t.maxRssKb)),
  };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

function medians(ts: Timed[]): Timed {
  return {
    wall: median(ts.map((t) => t.wall)),
    cpu: median(ts.map((t) => t.cpu)),
    maxRssKb: Math.max(...ts.map((t) => t.maxRssKb)),
  };
}

const load = (): string =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
const s3 = (x: number): string => `${x.toFixed(3)} s`;
const mib = (kb: number): string => `${(kb / 1024).toFixed(0)} MiB`;
const line = (label: string, t: Timed, extra = ''): void =>
  console.log(
    `${label.padEnd(36)} wall ${s3(t.wall)}   cpu ${s3(t.cpu)}   peak RSS ${mib(t.maxRssKb)}${extra}`,
  );
const ratio = (label: string, a: Timed, b: Timed, goal: string): void =>
  console.log(
    `${label.padEnd(36)} wall ${(a.wall / b.wall).toFixed(2)}       cpu ${(a.cpu / b.cpu).toFixed(2)}     (goal ${goal})`,
  );

function layerBlobs(layout: string, tag?: string): string[] {
  const index = JSON.parse(readFileSync(join(layout, 'index.json'), 'utf8'));
  const desc =
    index.manifests.find(
      (m: { annotations?: Record<string, string> }) =>
        !tag || m.annotations?.['org.opencontainers.image.ref.name'] === tag,
    ) ?? index.manifests[0];
  const manifest = JSON.parse(readFileSync(join(layout, 'blobs/sha256', desc.digest.slice(7)), 'utf8'));
  return manifest.layers.map((l: { digest: string }) => join(layout, 'blobs/sha256', l.digest.slice(7)));
}

/** tar -xzOf over every layer: read, inflate and walk the tar, as the scan must at least do. */
const tarBaseline = (layers: string[]): Timed =>
  sum(layers.map((f) => timed('sh', ['-c', `tar -xzOf '${f}' > /dev/null`])));

/** A copy of the layout with one more gzip layer of `mib` MiB of incompressible files (streamed, not held in memory). */
async function grownLayout(base: string, mib: number): Promise<string> {
  const dir = join(work, `grown-${mib}`);
  execFileSync('cp', ['-a', base, dir]);
  const layerFile = join(work, `layer-${mib}.tgz`);
  const pack = tar.pack();
  const diff = createHash('sha256');
  const blob = createHash('sha256');
  const gz = createGzip({ level: 1 });
  pack.on('data', (c: unknown) => void diff.update(c as Buffer));
  gz.on('data', (c: Buffer) => void blob.update(c));
  const done = pipeline(pack, gz, createWriteStream(layerFile));
  const file = randomBytes(4 << 20);
  for (let i = 0; i < mib / 4; i++) {
    await new Promise<void>((res, rej) =>
      pack.entry({ name: `data/blob-${i}.bin`, size: file.length }, file, (e) => (e ? rej(e) : res())),
    );
  }
  pack.finalize();
  await done;
  const digest = `sha256:${blob.digest('hex')}`;
  const size = statSync(layerFile).size;
  execFileSync('mv', [layerFile, join(dir, 'blobs/sha256', digest.slice(7))]);
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
  manifest.layers.push({ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest, size });
  const m = Buffer.from(JSON.stringify(manifest));
  const mDigest = `sha256:${createHash('sha256').update(m).digest('hex')}`;
  writeFileSync(join(dir, 'blobs/sha256', mDigest.slice(7)), m);
  index.manifests = [{ ...index.manifests[0], digest: mDigest, size: m.length }];
  writeFileSync(join(dir, 'index.json'), JSON.stringify(index));
  return dir;
}

async function main(): Promise<void> {
  const loadStart = load();
  execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'ignore' });
  const { dir: layout, tag } = await bookwormOciLayout();
  const target = `oci:${layout}:${tag}`;

  // A warm DB: one real-schema OSV record for each Debian 12 source package in the image, so every
  // package is matched for real (and found vulnerable) on each scan.
  const db = join(work, 'db.sqlite');
  const osv = join(work, 'osv');
  mkdirSync(osv);
  const pkgs = JSON.parse(
    execFileSync(
      process.execPath,
      [BIN, 'image', target, '--offline', '--no-cache', '--format', 'json', '--db', db],
      { encoding: 'utf8', maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'ignore'] },
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
        modified: new Date().toISOString(),
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

  const env = { ...process.env, NO_COLOR: '1' };
  const scan = (t: string, extra: string[]): Timed =>
    timed(process.execPath, [BIN, 'image', t, '--offline', '--format', 'json', '--db', db, ...extra], env);
  const layers = layerBlobs(layout, tag);
  const sizeMiB = layers.reduce((n, f) => n + statSync(f).size, 0) / 2 ** 20;
  const vulns = (
    JSON.parse(
      execFileSync(
        process.execPath,
        [BIN, 'image', target, '--offline', '--no-cache', '--format', 'json', '--db', db],
        { encoding: 'utf8', maxBuffer: 1 << 28 },
      ),
    ).vulnerabilities as unknown[]
  ).length;

  const tarRuns: Timed[] = [];
  const coldRuns: Timed[] = [];
  const rescanRuns: Timed[] = [];
  const allRuns: Timed[] = [];
  const nodeRuns: Timed[] = [];
  const withScanners = process.env.BENCH_SCANNERS !== '0';
  for (let i = 0; i < RUNS; i++) {
    // Interleave baseline and subject so machine load affects both alike.
    tarRuns.push(tarBaseline(layers));
    coldRuns.push(scan(target, ['--no-cache']));
    const cache = join(work, `cache-${i}`);
    scan(target, ['--cache-dir', cache]);
    rescanRuns.push(scan(target, ['--cache-dir', cache]));
    if (withScanners) allRuns.push(scan(target, ['--no-cache', '--scanners', 'vuln,misconfig,secret']));
    nodeRuns.push(timed(process.execPath, ['-e', '']));
  }
  const base = medians(tarRuns);
  const cold = medians(coldRuns);
  const rescan = medians(rescanRuns);

  console.log(
    `image: debootstrap bookworm minbase, ${pkgs.length} packages, ${layers.length} layer(s), ${sizeMiB.toFixed(1)} MiB compressed; warm DB with ${sources.length} advisories, ${vulns} findings`,
  );
  console.log(
    `machine: ${cpus().length} CPUs, load average ${loadStart} at start; ${RUNS} interleaved rounds, medians`,
  );
  line('tar -xzOf of the layers (baseline)', base);
  line('bulwark image, no cache, warm DB', cold);
  ratio('ratio scan / tar', cold, base, '≤ 1.5');
  line('cached rescan', rescan, `   (goal < 0.3 s)`);
  line('node -e "" (start-up floor)', medians(nodeRuns));
  if (withScanners) {
    const all = medians(allRuns);
    line('… with --scanners vuln,misconfig,secret', all);
    ratio('ratio all scanners / tar', all, base, 'none set');
  }

  // Memory as the image grows: the same base plus 256 MiB and 1 GiB of incompressible data in one
  // extra layer of 4 MiB files. Peak RSS must not grow with the data; time is shown against tar.
  if (process.env.BENCH_GROW !== '0') {
    console.log('as the image grows (no cache; one round each):');
    for (const extra of [0, 256, 1024]) {
      const dir = extra ? await grownLayout(layout, extra) : layout;
      const t = `oci:${dir}${extra ? '' : `:${tag}`}`;
      const grownLayers = layerBlobs(dir, extra ? undefined : tag);
      const b = tarBaseline(grownLayers);
      const s = scan(t, ['--no-cache']);
      console.log(
        `  +${String(extra).padStart(4)} MiB: scan wall ${s3(s.wall)} cpu ${s3(s.cpu)}, peak RSS ${mib(s.maxRssKb)}; ` +
          `tar wall ${s3(b.wall)} cpu ${s3(b.cpu)}; ratio wall ${(s.wall / b.wall).toFixed(2)} cpu ${(s.cpu / b.cpu).toFixed(2)}`,
      );
      if (extra) rmSync(dir, { recursive: true, force: true });
    }
  }
  console.log(`load average at end: ${load()}`);
}

await main();

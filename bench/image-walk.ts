// Image reading speed and memory: open + walk every layer of the debootstrap bookworm image from
// each source (the walk verifies blob digests and diff ids and reads the files a package analyzer
// reads), against `tar -xzOf` / `tar -xOf` of the same layer in the same run. Peak RSS is measured
// per walk in a fresh process, for the real image and for synthetic images of growing size.
// Run: npx tsx bench/image-walk.ts            (needs root for debootstrap on first use; cached after)
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openImage } from '../src/image/open.js';
import { bookwormDockerArchive, bookwormOciLayout, bookwormRootfs } from '../test/support/images.js';

const SELF = fileURLToPath(import.meta.url);
const READ = new Set(['var/lib/dpkg/status', 'etc/os-release', 'usr/lib/os-release', 'etc/debian_version']);

/** Child mode: one open+walk, print {ms, rss, entries}. */
async function one(target: string): Promise<void> {
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const h = await openImage(target);
  let entries = 0;
  for (const i of h.layerReadOrder ?? h.layers.map((_, i) => i)) {
    await h.walkLayer(i, (e) => {
      entries++;
      if (READ.has(e.path) && e.type === 'file') return e.read().then(() => undefined);
    });
  }
  await h.close();
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  console.log(JSON.stringify({ ms, cpuMs: (cpu.user + cpu.system) / 1000, rss: peakRss(), entries }));
}

/**
 * Peak RSS of this process image. VmHWM, not getrusage's maxrss: Linux carries ru_maxrss across
 * fork+exec, so a child would report the parent's peak.
 */
function peakRss(): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return m ? Number(m[1]) * 1024 : process.resourceUsage().maxRSS * 1024;
}

interface Sample {
  ms: number;
  /** CPU time of all threads (main, zlib threadpool): stable when the machine is busy, unlike wall time. */
  cpuMs: number;
  rss: number;
  entries: number;
}

function child(target: string): Sample {
  const r = spawnSync(process.execPath, [...process.execArgv, SELF, '--one', target], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`walk of ${target} failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as Sample;
}

/** Wall and CPU time (user+sys of the command and its children, via GNU time) of a baseline command. */
function timed(cmd: string, args: string[]): { ms: number; cpuMs: number } {
  const t0 = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', '%U %S', cmd, ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr}`);
  const [u, sys] = r.stderr.trim().split('\n').pop()!.split(' ').map(Number);
  return { ms, cpuMs: (u! + sys!) * 1000 };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const mib = (b: number): string => `${(b / 1024 / 1024).toFixed(0)} MiB`;

async function main(): Promise<void> {
  const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
  const rootfs = await bookwormRootfs();
  const { dir, tag } = await bookwormOciLayout();
  const archive = await bookwormDockerArchive();
  const tmp = mkdtempSync(join(tmpdir(), 'bulwark-bench-'));
  try {
    const index = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8'));
    const manifest = JSON.parse(
      readFileSync(join(dir, 'blobs/sha256', index.manifests[0].digest.slice(7)), 'utf8'),
    );
    const gzLayer = join(dir, 'blobs/sha256', manifest.layers[0].digest.slice(7));
    const plainLayer = join(tmp, 'layer.tar');
    execFileSync('sh', ['-c', `gzip -dc '${gzLayer}' > '${plainLayer}'`]);
    const gzArchive = join(tmp, 'image.tar.gz');
    execFileSync('sh', ['-c', `gzip -1 -c '${archive}' > '${gzArchive}'`]);

    const cases: {
      name: string;
      target: string;
      baseline: () => { ms: number; cpuMs: number };
      base: string;
    }[] = [
      {
        name: 'OCI layout (gzip layer)',
        target: `oci:${dir}:${tag}`,
        baseline: () => timed('tar', ['-xzOf', gzLayer]),
        base: 'tar -xzOf layer',
      },
      {
        name: 'docker-archive (plain layer)',
        target: archive,
        baseline: () => timed('tar', ['-xOf', plainLayer]),
        base: 'tar -xOf layer',
      },
      {
        name: 'docker-archive.tar.gz',
        target: gzArchive,
        baseline: () => timed('tar', ['-xzOf', gzArchive]),
        base: 'tar -xzOf archive',
      },
      {
        name: 'rootfs dir',
        target: `rootfs:${rootfs}`,
        baseline: () => timed('tar', ['-cf', '/dev/null', '-C', rootfs, '.']),
        base: 'tar -cf /dev/null',
      },
    ];
    console.log(`node ${process.versions.node}, ${ROUNDS} rounds each, interleaved; medians`);
    console.log(
      `image: debootstrap --variant=minbase bookworm, ${mib(readFileSync(plainLayer).length)} uncompressed\n`,
    );
    console.log(
      `${'source'.padEnd(30)} ${'wall'.padStart(7)} ${'cpu'.padStart(7)}   ${'baseline'.padEnd(18)} ${'wall'.padStart(7)} ${'cpu'.padStart(7)}   wall ratio  cpu ratio   peak RSS`,
    );
    for (const c of cases) {
      const ours: Sample[] = [];
      const base: { ms: number; cpuMs: number }[] = [];
      child(c.target); // warm the page cache
      c.baseline();
      for (let i = 0; i < ROUNDS; i++) {
        base.push(c.baseline());
        ours.push(child(c.target));
      }
      const ms = median(ours.map((s) => s.ms));
      const cpu = median(ours.map((s) => s.cpuMs));
      const b = median(base.map((x) => x.ms));
      const bc = median(base.map((x) => x.cpuMs));
      console.log(
        `${c.name.padEnd(30)} ${ms.toFixed(0).padStart(7)} ${cpu.toFixed(0).padStart(7)}   ${c.base.padEnd(18)} ${b.toFixed(0).padStart(7)} ${bc.toFixed(0).padStart(7)}` +
          `   ${(ms / b).toFixed(2).padStart(10)} ${(cpu / Math.max(1, bc)).toFixed(2).padStart(10)}   ${mib(Math.max(...ours.map((s) => s.rss)))}` +
          `   ${ours[0]!.entries} entries`,
      );
    }
    console.log('(times in ms; cpu = user+sys of all threads; medians)');

    // Peak RSS must not grow with image size: synthetic layouts of 64 MiB → 512 MiB of file data.
    console.log('\npeak RSS vs image size (plain-tar layers of random data, OCI layout):');
    const { buildImage, writeLayout, fileHeader } = await import('../test/support/oci.js');
    for (const size of [64, 256, 512]) {
      const data = join(tmp, `data-${size}`);
      execFileSync('sh', ['-c', `head -c ${size * 1024 * 1024} /dev/urandom > '${data}'`]);
      const tar = Buffer.concat([
        fileHeader('big.bin', size * 1024 * 1024),
        readFileSync(data),
        Buffer.alloc(1024),
      ]);
      rmSync(data);
      const layout = writeLayout(join(tmp, `layout-${size}`), [
        { image: buildImage({ layers: [{ tar, compression: 'none' }] }), tag: 'x' },
      ]);
      const s = child(`oci:${layout}:x`);
      console.log(
        `  ${String(size).padStart(4)} MiB image: ${s.ms.toFixed(0).padStart(6)} ms, peak RSS ${mib(s.rss)}`,
      );
      rmSync(layout, { recursive: true, force: true });
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--one') {
  await one(process.argv[3]!);
} else {
  await main();
}

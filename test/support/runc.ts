// Real containers for runtime tests: OCI bundles over the debootstrap bookworm rootfs (an overlay
// mount, so every test gets a fresh writable upper layer and the image stays untouched), run with
// runc. Container ids are 64 hex characters, as Docker, containerd and CRI-O use.
import { execFileSync, spawn, spawnSync, type ChildProcess, type SpawnSyncReturns } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bookwormRootfs, cached } from './images.js';

/** The parts of an OCI runtime config (config.json) tests change. */
export interface OciConfig {
  process: { terminal: boolean; args: string[]; env: string[]; [k: string]: unknown };
  root: { path: string; readonly: boolean };
  mounts: { destination: string; type?: string; source?: string; options?: string[] }[];
  linux: { namespaces: { type: string; path?: string }[]; seccomp?: unknown; [k: string]: unknown };
  annotations?: Record<string, string>;
  [k: string]: unknown;
}

export interface Bundle {
  dir: string;
  rootfs: string;
  upper: string;
  config: OciConfig;
  /** Rewrite config.json after changing `config`. */
  save(): void;
  cleanup(): void;
}

export interface BundleOptions {
  args: string[];
  /** Extra read-only layers above the bookworm rootfs (overlay lowerdirs, topmost first). */
  layers?: string[];
  /** Share the host's network namespace (the default), so the container reaches host loopback. */
  hostNetwork?: boolean;
  annotations?: Record<string, string>;
  env?: string[];
}

/** A 64-hex container id, as runtimes generate. */
export function containerId(): string {
  return randomBytes(32).toString('hex');
}

/** A layer holding netcat-openbsd and its one library missing from minbase. */
export function netcatLayer(): Promise<string> {
  return cached('layer-netcat-openbsd', (tmp) => {
    mkdirSync(join(tmp, 'usr/bin'), { recursive: true });
    mkdirSync(join(tmp, 'usr/lib/x86_64-linux-gnu'), { recursive: true });
    copyFileSync('/usr/bin/nc.openbsd', join(tmp, 'usr/bin/nc'));
    execFileSync('cp', [
      '-a',
      '/usr/lib/x86_64-linux-gnu/libbsd.so.0',
      '/usr/lib/x86_64-linux-gnu/libbsd.so.0.11.7',
      join(tmp, 'usr/lib/x86_64-linux-gnu/'),
    ]);
  });
}

export async function overlayBundle(opts: BundleOptions): Promise<Bundle> {
  const base = await bookwormRootfs();
  const dir = mkdtempSync('/var/tmp/bulwark-bundle-');
  const rootfs = join(dir, 'rootfs');
  const upper = join(dir, 'upper');
  const work = join(dir, 'work');
  for (const d of [rootfs, upper, work]) mkdirSync(d);
  const lower = [...(opts.layers ?? []), base].join(':');
  execFileSync('mount', [
    '-t',
    'overlay',
    'overlay',
    '-o',
    `lowerdir=${lower},upperdir=${upper},workdir=${work}`,
    rootfs,
  ]);
  execFileSync('runc', ['spec', '--bundle', dir]);
  const config = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')) as OciConfig;
  config.process.terminal = false;
  config.process.args = opts.args;
  if (opts.env) config.process.env = [...config.process.env, ...opts.env];
  config.root.readonly = false;
  if (opts.hostNetwork !== false) {
    config.linux.namespaces = config.linux.namespaces.filter((n) => n.type !== 'network');
  }
  if (opts.annotations) config.annotations = opts.annotations;
  const bundle: Bundle = {
    dir,
    rootfs,
    upper,
    config,
    save: () => writeFileSync(join(dir, 'config.json'), JSON.stringify(config, null, 2)),
    cleanup: () => {
      spawnSync('umount', ['-l', rootfs]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  bundle.save();
  return bundle;
}

export function runc(
  args: string[],
  opts: { input?: string; timeoutMs?: number } = {},
): SpawnSyncReturns<string> {
  return spawnSync('runc', args, { encoding: 'utf8', input: opts.input, timeout: opts.timeoutMs ?? 60_000 });
}

/**
 * Start a detached container (`runc run -d`); its init keeps running until killed. The container
 * inherits runc's stdio, so it must not be a pipe we close (the container would die with it).
 */
export function runDetached(bundle: Bundle, id: string): void {
  const log = join(bundle.dir, 'runc.log');
  const r = spawnSync('runc', ['--log', log, 'run', '-d', '--bundle', bundle.dir, id], {
    stdio: 'ignore',
    timeout: 60_000,
  });
  if (r.status !== 0) {
    let why = '';
    try {
      why = readFileSync(log, 'utf8').trim().split('\n').slice(-3).join(' ');
    } catch {
      /* no log */
    }
    throw new Error(`runc run -d ${id} failed (${r.status ?? r.signal}): ${why}`);
  }
}

/** `runc exec -t` under script(1), which gives runc the terminal it then hands to the process. */
export function execWithTty(id: string, command: string, timeoutMs = 30_000): SpawnSyncReturns<string> {
  const inner = `runc exec -t ${id} sh -c ${shellQuote(command)}`;
  return spawnSync('script', ['-qec', inner, '/dev/null'], { encoding: 'utf8', timeout: timeoutMs });
}

export function exec(id: string, argv: string[], timeoutMs = 30_000): SpawnSyncReturns<string> {
  return spawnSync('runc', ['exec', id, ...argv], { encoding: 'utf8', timeout: timeoutMs });
}

export function destroy(id: string): void {
  spawnSync('runc', ['kill', id, 'KILL'], { stdio: 'ignore' });
  for (let i = 0; i < 50; i++) {
    const r = spawnSync('runc', ['delete', '-f', id], { stdio: 'ignore' });
    if (r.status === 0) return;
    spawnSync('sleep', ['0.1']);
  }
}

export function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** Spawn a long-running process and return it (the caller kills it). */
export function background(cmd: string, args: string[]): ChildProcess {
  return spawn(cmd, args, { stdio: 'ignore' });
}

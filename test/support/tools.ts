// Real external tools (skopeo, umoci, debootstrap, runc, bpftrace …) that tests drive.
// The test command installs them; locally, a missing tool skips with a message, under CI it fails.
import { execFileSync, spawnSync } from 'node:child_process';

export function hasTool(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}

export function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

/** Returns a reason to skip, or null when everything is present. Throws under CI instead of skipping. */
export function missingTools(tools: string[], opts: { root?: boolean } = {}): string | null {
  const missing = tools.filter((t) => !hasTool(t));
  const reasons: string[] = [];
  if (missing.length)
    reasons.push(`missing tools: ${missing.join(', ')} (run ./scripts/test to install them)`);
  if (opts.root && !isRoot()) reasons.push('needs root');
  if (!reasons.length) return null;
  const why = reasons.join('; ');
  if (process.env.CI === 'true') throw new Error(`CI must run this test: ${why}`);
  console.warn(`skipping: ${why}`);
  return why;
}

export function run(
  cmd: string,
  args: string[],
  opts: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string } = {},
): string {
  return execFileSync(cmd, args, {
    cwd: opts.cwd,
    env: opts.env ?? process.env,
    input: opts.input,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

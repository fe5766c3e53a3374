// The image's PATH, for rules about what a process in the container finds there.
import type { RuleHit } from '../rule.js';
import type { ImageContext } from './context.js';

const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** The PATH directories of the image (from its Env, else the Docker default), without leading '/'. */
export function pathDirs(ctx: ImageContext): string[] {
  const env = (ctx.config.config?.Env ?? []).find((e) => e.startsWith('PATH='));
  return (env ? env.slice(5) : DEFAULT_PATH)
    .split(':')
    .filter((d) => d.startsWith('/'))
    .map((d) => d.replace(/^\/+|\/+$/g, ''));
}

/** One hit naming (up to five of) the programs in `names` that a PATH lookup would find. */
export function programsOnPath(ctx: ImageContext, names: readonly string[], what: string): RuleHit[] {
  const dirs = pathDirs(ctx);
  const found = ctx.files.filter(
    (f) =>
      (f.type === 'file' || f.type === 'symlink' || f.type === 'hardlink') &&
      names.some((n) => dirs.some((d) => f.path === `${d}/${n}`)),
  );
  if (!found.length) return [];
  const shown = found.slice(0, 5).map((f) => `/${f.path}`);
  return [{ message: `${what} present: ${shown.join(', ')}` }];
}

// Loading rules for a command that must not run with broken rules: any load error is fatal, with a
// one-line message naming file and line (exit code 25, RULES_ERROR).
import { BulwarkError } from '../../core/errors.js';
import { loadRules, type LoadOptions, type LoadResult } from './load.js';
import { formatMessage } from './loader/messages.js';

export async function requireRules(paths: readonly string[], opts: LoadOptions = {}): Promise<LoadResult> {
  if (paths.length === 0)
    throw new BulwarkError('USAGE', 'no rules files given; pass --rules FILE (e.g. falco_rules.yaml)');
  const res = await loadRules(paths, opts);
  if (res.errors.length) {
    const first = res.errors[0]!;
    const more =
      res.errors.length > 1 ? ` (and ${res.errors.length - 1} more; run 'bulwark runtime rules check')` : '';
    const code =
      first.code === 'LOAD_ERR_FILE_READ' && /no such file/.test(first.message) ? 'NOT_FOUND' : 'RULES_ERROR';
    throw new BulwarkError(code, `rules failed to load: ${formatMessage(first)}${more}`);
  }
  return res;
}

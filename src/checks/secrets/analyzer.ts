// The `secret` scanner as a layer analyzer: every regular file up to 10 MiB outside documentation
// trees is read and scanned. Registered by the scan orchestration when `--scanners secret` is on.
import type { Analyzer } from '../../analyzers/types.js';
import { Allowlist, type SecretAllowlist } from './allowlist.js';
import { MAX_SECRET_FILE_BYTES, scanSecrets } from './scan.js';

export function secretAnalyzer(user?: SecretAllowlist): Analyzer {
  const allowlist = new Allowlist(user);
  return {
    type: 'secret',
    version: 1,
    required: (path, entry) =>
      entry.type === 'file' && entry.size > 0 && entry.size <= MAX_SECRET_FILE_BYTES && !allowlist.path(path),
    analyze: ({ path, content }) => {
      const secrets = scanSecrets(path, content, { allowlist });
      return secrets.length ? [{ analyzer: 'secret', path, secrets }] : [];
    },
  };
}

// Layer analyzers that belong to checks (they cannot live in src/analyzers, which may not import
// checks): the scan orchestration adds them when the `misconfig` or `secret` scanner is on.
import type { Analyzer } from '../analyzers/types.js';
import { misconfigAnalyzer } from './image/analyzer.js';
import type { SecretAllowlist } from './secrets/allowlist.js';
import { secretAnalyzer } from './secrets/analyzer.js';

export type CheckScanner = 'misconfig' | 'secret';

export function checkAnalyzers(
  scanners: readonly string[],
  opts: { secretAllowlist?: SecretAllowlist } = {},
): Analyzer[] {
  const out: Analyzer[] = [];
  if (scanners.includes('misconfig')) out.push(misconfigAnalyzer);
  if (scanners.includes('secret')) out.push(secretAnalyzer(opts.secretAllowlist));
  return out;
}

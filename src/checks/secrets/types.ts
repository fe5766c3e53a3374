// A secret rule: a regular expression for one credential format, cheap keywords that must occur
// before the expression runs, and optional checks that cut false positives (entropy, structure).
import type { Severity } from '../../core/severity.js';

export interface SecretRule {
  /** Stable id, the rule's file name (`aws-access-key-id`). */
  id: string;
  category: string;
  title: string;
  severity: Severity;
  /** Lower-case substrings; the regex runs only if one occurs in the lower-cased text. */
  keywords: string[];
  /** Must have the `g` flag. */
  regex: RegExp;
  /** Capture group holding the secret itself (redacted in output); 0 = the whole match. */
  secretGroup?: number;
  /** Minimum Shannon entropy (bits per character) of the secret. */
  minEntropy?: number;
  /** Extra structural check of the secret; false drops the match. */
  validate?(secret: string, match: RegExpExecArray): boolean;
  /** Examples for the rule test: each positive must match, each negative must not. */
  examples: { positive: string[]; negative: string[] };
}

export function defineSecretRule(rule: SecretRule): SecretRule {
  if (!rule.regex.flags.includes('g')) throw new Error(`secret rule ${rule.id}: regex needs the g flag`);
  return Object.freeze(rule);
}

/** Shannon entropy in bits per character. */
export function entropy(s: string): number {
  if (!s) return 0;
  const counts = new Map<string, number>();
  for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) {
    const p = n / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}

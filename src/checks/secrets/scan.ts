// Secret detection in one file: skip binaries and big files, prefilter by keywords, run each rule's
// expression, drop low-entropy and placeholder matches, and report the line with the secret masked.
import type { Secret } from '../../core/model.js';
import { Allowlist } from './allowlist.js';
import { secretRules } from './rules/api.js';
import { entropy, type SecretRule } from './types.js';

export const MAX_SECRET_FILE_BYTES = 10 * 1024 * 1024;

export interface SecretScanOptions {
  allowlist?: Allowlist;
  rules?: SecretRule[];
}

const defaultAllowlist = new Allowlist();

/** Binary content (a NUL byte in the first 8 KiB, as git and Trivy decide) is not scanned. */
export function isBinary(content: Buffer): boolean {
  return content.subarray(0, 8192).includes(0);
}

function lineAt(text: string, offset: number): { line: number; start: number; end: number } {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  const nl = text.indexOf('\n', offset);
  return { line, start, end: nl === -1 ? text.length : nl };
}

export function scanSecrets(path: string, content: Buffer, opts: SecretScanOptions = {}): Secret[] {
  const allow = opts.allowlist ?? defaultAllowlist;
  if (content.length === 0 || content.length > MAX_SECRET_FILE_BYTES || isBinary(content) || allow.path(path))
    return [];
  const text = content.toString('utf8');
  const lower = text.toLowerCase();
  const out: Secret[] = [];
  for (const rule of opts.rules ?? Object.values(secretRules)) {
    if (allow.rule(rule.id) || !rule.keywords.some((k) => lower.includes(k))) continue;
    rule.regex.lastIndex = 0;
    for (let m = rule.regex.exec(text); m; m = rule.regex.exec(text)) {
      if (m[0] === '') {
        rule.regex.lastIndex++;
        continue;
      }
      const secret = m[rule.secretGroup ?? 0] ?? m[0];
      if (rule.minEntropy !== undefined && entropy(secret) < rule.minEntropy) continue;
      if (allow.value(secret) || (rule.validate && !rule.validate(secret, m))) continue;
      const at = m.index + m[0].indexOf(secret);
      const { line, start, end } = lineAt(text, at);
      const masked = (
        text.slice(start, at) +
        '*'.repeat(Math.min(secret.length, 20)) +
        text.slice(Math.min(at + secret.length, end), end)
      ).trim();
      out.push({
        id: rule.id,
        category: rule.category,
        severity: rule.severity,
        title: rule.title,
        file: path,
        line,
        match: masked.length > 200 ? `${masked.slice(0, 199)}…` : masked,
      });
    }
  }
  return out;
}

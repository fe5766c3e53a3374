// What not to report: documentation trees and test data (paths), placeholder values, and a user
// allowlist (paths as globs, values as regular expressions, rule ids).
import picomatch from 'picomatch';

export interface SecretAllowlist {
  /** Globs on the normalised path (no leading '/'), e.g. `opt/app/tests/**`. */
  paths?: string[];
  /** Regular expressions tested against the secret value. */
  values?: string[];
  /** Rule ids to skip entirely. */
  rules?: string[];
}

const DEFAULT_PATHS = [
  'usr/share/doc/**',
  'usr/share/man/**',
  'usr/share/info/**',
  'usr/share/locale/**',
  'usr/share/i18n/**',
  '**/{test,tests,testdata,__tests__,spec,fixtures,examples}/**',
];

/** Values that are documentation, not credentials. */
const PLACEHOLDER =
  /example|sample|placeholder|changeme|change_me|your[_-]|dummy|fake|redacted|xxxx|\*\*\*\*|<[^>]*>|\$\{|\{\{|%[sd(]/i;

export class Allowlist {
  private readonly pathMatch: (p: string) => boolean;
  private readonly values: RegExp[];
  private readonly rules: Set<string>;

  constructor(user: SecretAllowlist = {}) {
    this.pathMatch = picomatch([...DEFAULT_PATHS, ...(user.paths ?? [])], { dot: true });
    this.values = (user.values ?? []).map((v) => new RegExp(v));
    this.rules = new Set(user.rules ?? []);
  }

  path(path: string): boolean {
    return this.pathMatch(path);
  }

  rule(id: string): boolean {
    return this.rules.has(id);
  }

  value(secret: string): boolean {
    return PLACEHOLDER.test(secret) || this.values.some((r) => r.test(secret));
  }
}

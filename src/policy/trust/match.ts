// Which rule applies to an image: rule `images` globs are matched against the normalized name
// `registry/repository` (Docker's familiar names expanded: `nginx` → `docker.io/library/nginx`), and the
// most specific matching pattern wins, as in Connaisseur: more literal characters first, then fewer
// `**`, then fewer `*`/`?`; an exact name beats every glob. Ties go to the earlier rule in the file.
import picomatch from 'picomatch';
import type { RuleSpec, TrustPolicyDocument } from './types.js';

/** `nginx:1.25` → `docker.io/library/nginx`; `localhost:5000/app@sha256:…` → `localhost:5000/app`. */
export function normalizeImageName(ref: string): string {
  let name = ref.trim();
  const at = name.indexOf('@');
  if (at >= 0) name = name.slice(0, at);
  const slash = name.lastIndexOf('/');
  const colon = name.lastIndexOf(':');
  if (colon > slash) name = name.slice(0, colon);
  name = name.replace(/^docker:\/\//, '');
  const first = name.split('/')[0]!;
  const hasRegistry =
    name.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
  if (!hasRegistry) name = `docker.io/${name}`;
  if (name.startsWith('index.docker.io/')) name = `docker.io/${name.slice('index.docker.io/'.length)}`;
  if (/^docker\.io\/[^/]+$/.test(name)) name = `docker.io/library/${name.slice('docker.io/'.length)}`;
  return name;
}

export interface Specificity {
  exact: boolean;
  literals: number;
  globstars: number;
  wildcards: number;
}

export function specificity(pattern: string): Specificity {
  const globstars = (pattern.match(/\*\*/g) ?? []).length;
  const wildcards = (pattern.replace(/\*\*/g, '').match(/[*?]/g) ?? []).length;
  const literals = pattern.replace(/\*\*|[*?[\]{}!()]/g, '').length;
  return { exact: !picomatch.scan(pattern).isGlob, literals, globstars, wildcards };
}

/** Negative when `a` is more specific than `b`. */
export function compareSpecificity(a: Specificity, b: Specificity): number {
  if (a.exact !== b.exact) return a.exact ? -1 : 1;
  if (a.literals !== b.literals) return b.literals - a.literals;
  if (a.globstars !== b.globstars) return a.globstars - b.globstars;
  return a.wildcards - b.wildcards;
}

const matchers = new Map<string, (s: string) => boolean>();
function matcher(pattern: string): (s: string) => boolean {
  let m = matchers.get(pattern);
  if (!m) {
    m = picomatch(pattern, { dot: true, nonegate: true, noextglob: true });
    matchers.set(pattern, m);
  }
  return m;
}

export interface RuleMatch {
  rule: RuleSpec;
  pattern: string;
  name: string;
}

/** The most specific rule matching `imageRef`, or undefined. */
export function selectRule(policy: TrustPolicyDocument, imageRef: string): RuleMatch | undefined {
  const name = normalizeImageName(imageRef);
  let best: { m: RuleMatch; s: Specificity } | undefined;
  for (const rule of policy.rules) {
    for (const pattern of rule.images) {
      if (!matcher(pattern)(name)) continue;
      const s = specificity(pattern);
      if (!best || compareSpecificity(s, best.s) < 0) best = { m: { rule, pattern, name }, s };
    }
  }
  return best?.m;
}

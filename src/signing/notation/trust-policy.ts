// Notation trust policy documents (trustpolicy.json), validated as notation-go does.
// ref: notaryproject/specifications specs/trust-store-trust-policy.md:
// {"version":"1.0","trustPolicies":[{name, registryScopes, signatureVerification:{level, override?},
//   trustStores:["ca:name"], trustedIdentities:["x509.subject: C=…, ST=…, O=…" | "*"]}]}
// Scopes are `registry/repository` or the single global "*"; the exact scope wins over "*".
import { BulwarkError } from '../../core/errors.js';
import { TRUST_STORE_TYPES } from './trust-store.js';

export type VerificationLevel = 'strict' | 'permissive' | 'audit' | 'skip';
export type VerificationCheck = 'integrity' | 'authenticity' | 'authenticTimestamp' | 'expiry' | 'revocation';
export type CheckAction = 'enforce' | 'log' | 'skip';

export interface NotationTrustPolicy {
  name: string;
  registryScopes: string[];
  signatureVerification: {
    level: VerificationLevel;
    override?: Partial<Record<VerificationCheck, CheckAction>>;
  };
  trustStores: string[];
  trustedIdentities: string[];
}

export interface NotationTrustPolicyDocument {
  version: '1.0';
  trustPolicies: NotationTrustPolicy[];
}

/** What each level does with each check (spec table "Signature Verification details"). */
export const LEVEL_ACTIONS: Record<VerificationLevel, Record<VerificationCheck, CheckAction>> = {
  strict: {
    integrity: 'enforce',
    authenticity: 'enforce',
    authenticTimestamp: 'enforce',
    expiry: 'enforce',
    revocation: 'enforce',
  },
  permissive: {
    integrity: 'enforce',
    authenticity: 'enforce',
    authenticTimestamp: 'log',
    expiry: 'log',
    revocation: 'log',
  },
  audit: {
    integrity: 'enforce',
    authenticity: 'log',
    authenticTimestamp: 'log',
    expiry: 'log',
    revocation: 'log',
  },
  skip: {
    integrity: 'skip',
    authenticity: 'skip',
    authenticTimestamp: 'skip',
    expiry: 'skip',
    revocation: 'skip',
  },
};

function bad(why: string): BulwarkError {
  return new BulwarkError('INVALID_INPUT', `Notation trust policy: ${why}`);
}

/** Parse an RFC 4514-style DN ("C=US, ST=WA, O=acme") into attribute → value. Escaped commas allowed. */
export function parseDn(dn: string): Map<string, string> {
  const out = new Map<string, string>();
  const parts = dn
    .split(/(?<!\\),/)
    .map((p) => p.trim())
    .filter(Boolean);
  for (const p of parts) {
    const eq = p.indexOf('=');
    if (eq <= 0) throw bad(`"${p}" in "${dn}" is not ATTRIBUTE=value`);
    const k = p.slice(0, eq).trim().toUpperCase();
    const v = p
      .slice(eq + 1)
      .trim()
      .replace(/\\(.)/g, '$1');
    if (out.has(k)) throw bad(`"${dn}" repeats ${k}`);
    out.set(k, v);
  }
  return out;
}

/** Node renders subjects as newline-separated `K=V` lines. */
export function nodeSubjectToDn(subject: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of subject.split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0) out.set(line.slice(0, eq).toUpperCase(), line.slice(eq + 1));
  }
  return out;
}

function validateIdentity(id: unknown, policy: string): void {
  if (id === '*') return;
  if (typeof id !== 'string' || !id.startsWith('x509.subject:')) {
    throw bad(`policy ${policy}: trusted identity ${JSON.stringify(id)} must be "*" or "x509.subject: <DN>"`);
  }
  const dn = parseDn(id.slice('x509.subject:'.length));
  for (const k of ['C', 'ST', 'O'])
    if (!dn.has(k)) throw bad(`policy ${policy}: x509.subject must include C, ST and O (${id})`);
}

const SCOPE_RE = /^[a-z0-9.-]+(:[0-9]+)?(\/[a-z0-9._-]+)+$/;

/** Validate a trust policy document (parsed JSON or text). Errors: INVALID_INPUT with one line. */
export function parseNotationTrustPolicy(input: unknown): NotationTrustPolicyDocument {
  let doc = input;
  if (typeof input === 'string' || Buffer.isBuffer(input)) {
    try {
      doc = JSON.parse(input.toString());
    } catch {
      throw bad('not JSON');
    }
  }
  if (typeof doc !== 'object' || doc === null) throw bad('not a JSON object');
  const d = doc as Record<string, unknown>;
  if (d.version !== '1.0') throw bad(`unsupported version ${JSON.stringify(d.version)}; use "1.0"`);
  if (!Array.isArray(d.trustPolicies) || d.trustPolicies.length === 0) throw bad('trustPolicies is empty');
  const names = new Set<string>();
  const scopes = new Set<string>();
  for (const p of d.trustPolicies as Record<string, unknown>[]) {
    if (typeof p !== 'object' || p === null) throw bad('a trust policy is not an object');
    const name = p.name;
    if (typeof name !== 'string' || !name) throw bad('a trust policy has no name');
    if (names.has(name)) throw bad(`policy name ${name} is used twice`);
    names.add(name);
    if (!Array.isArray(p.registryScopes) || p.registryScopes.length === 0)
      throw bad(`policy ${name}: registryScopes is empty`);
    for (const s of p.registryScopes) {
      if (s === '*') {
        if (p.registryScopes.length > 1) throw bad(`policy ${name}: "*" must be the only scope`);
      } else if (typeof s !== 'string' || !SCOPE_RE.test(s)) {
        throw bad(
          `policy ${name}: scope ${JSON.stringify(s)} must be "registry/repository" (no tag or digest) or "*"`,
        );
      }
      if (scopes.has(s)) throw bad(`scope ${s} appears in more than one policy`);
      scopes.add(s);
    }
    const sv = p.signatureVerification as Record<string, unknown> | undefined;
    const level = sv?.level;
    if (typeof level !== 'string' || !(level in LEVEL_ACTIONS))
      throw bad(`policy ${name}: level must be strict, permissive, audit or skip`);
    if (sv?.override !== undefined) {
      if (typeof sv.override !== 'object' || sv.override === null)
        throw bad(`policy ${name}: override is not an object`);
      for (const [k, v] of Object.entries(sv.override)) {
        if (!['authenticity', 'authenticTimestamp', 'expiry', 'revocation'].includes(k))
          throw bad(`policy ${name}: cannot override ${k}`);
        if (!['enforce', 'log', 'skip'].includes(v as string))
          throw bad(`policy ${name}: override ${k} must be enforce, log or skip`);
        if (k === 'authenticity' && v === 'skip') throw bad(`policy ${name}: authenticity cannot be skipped`);
      }
    }
    const stores = (p.trustStores ?? []) as unknown[];
    const ids = (p.trustedIdentities ?? []) as unknown[];
    if (!Array.isArray(stores) || !Array.isArray(ids))
      throw bad(`policy ${name}: trustStores and trustedIdentities must be lists`);
    if (level === 'skip') {
      if (stores.length || ids.length)
        throw bad(`policy ${name}: a "skip" policy must not list trust stores or identities`);
      continue;
    }
    if (stores.length === 0) throw bad(`policy ${name}: trustStores is empty`);
    for (const s of stores) {
      const [type, sname] = typeof s === 'string' ? s.split(':') : [];
      if (!type || !sname || !(TRUST_STORE_TYPES as readonly string[]).includes(type))
        throw bad(
          `policy ${name}: trust store ${JSON.stringify(s)} must be "ca:<name>", "signingAuthority:<name>" or "tsa:<name>"`,
        );
    }
    if (ids.length === 0) throw bad(`policy ${name}: trustedIdentities is empty`);
    if (ids.includes('*') && ids.length > 1)
      throw bad(`policy ${name}: "*" must be the only trusted identity`);
    ids.forEach((i) => validateIdentity(i, name));
  }
  return doc as NotationTrustPolicyDocument;
}

/** The policy for `registry/repository`: the exact scope, else the global "*" one, else none. */
export function selectTrustPolicy(
  doc: NotationTrustPolicyDocument,
  repository: string,
): NotationTrustPolicy | undefined {
  return (
    doc.trustPolicies.find((p) => p.registryScopes.includes(repository)) ??
    doc.trustPolicies.find((p) => p.registryScopes.includes('*'))
  );
}

/** Does the leaf subject satisfy one of the trusted identities (subset match of DN attributes)? */
export function identityTrusted(policy: NotationTrustPolicy, leafSubject: string): boolean {
  if (policy.trustedIdentities.includes('*')) return true;
  const leaf = nodeSubjectToDn(leafSubject);
  return policy.trustedIdentities.some((id) => {
    const want = parseDn(id.slice('x509.subject:'.length));
    return [...want].every(([k, v]) => leaf.get(k) === v);
  });
}

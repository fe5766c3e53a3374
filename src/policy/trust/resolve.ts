// Load what a trust policy refers to: key files, the sigstore trusted root, Notation trust policies and
// stores. Paths are relative to the policy file. This is the only part of policy/trust that reads files;
// the reader is injectable so a server can serve policies from elsewhere.
import { MiB, readInputFile } from '../../core/input-file.js';
import { dirname, isAbsolute, resolve as resolvePath } from 'node:path';
import { BulwarkError, isBulwarkError, wrapError } from '../../core/errors.js';
import { parseTrustedRoot } from '../../signing/bundle/trusted-root.js';
import { loadPublicKey } from '../../signing/keys/public.js';
import { parseNotationTrustPolicy } from '../../signing/notation/trust-policy.js';
import { loadTrustStore, type NotationTrustStore } from '../../signing/notation/trust-store.js';
import { parseTrustPolicy } from './parse.js';
import type { ResolvedSigner, ResolvedTrustPolicy, TrustPolicyDocument } from './types.js';

export interface PolicyLoader {
  readFile(path: string): Promise<Buffer>;
  loadNotationTrustStore(dir: string): Promise<NotationTrustStore>;
}

export const fsLoader: PolicyLoader = {
  // Policies and the keys they name: regular files only, bounded (a FIFO must not hang a verify).
  readFile: (p) => readInputFile(p, { what: 'file', maxBytes: 16 * MiB }),
  loadNotationTrustStore: (d) => loadTrustStore(d),
};

export async function resolveTrustPolicy(
  doc: TrustPolicyDocument,
  opts: { baseDir: string; source?: string; loader?: PolicyLoader },
): Promise<ResolvedTrustPolicy> {
  const loader = opts.loader ?? fsLoader;
  const source = opts.source ?? 'trust policy';
  const at = (p: string) => (isAbsolute(p) ? p : resolvePath(opts.baseDir, p));
  const read = async (p: string, what: string): Promise<Buffer> => {
    try {
      return await loader.readFile(at(p));
    } catch (err) {
      if (notFound(err))
        throw new BulwarkError('NOT_FOUND', `${source}: ${what} ${at(p)} does not exist`, { cause: err });
      throw wrapError(`${source}: cannot read ${what} ${at(p)}`, err, 'INVALID_INPUT');
    }
  };
  const signers = new Map<string, ResolvedSigner>();
  for (const [name, s] of Object.entries(doc.signers ?? {})) {
    try {
      if (s.key !== undefined) {
        const pem = s.key.includes('-----BEGIN')
          ? s.key
          : (await read(s.key, `key of signer "${name}"`)).toString('utf8');
        signers.set(name, { name, kind: 'key', key: loadPublicKey(pem, `signer "${name}" key`) });
      } else if (s.keyless) {
        signers.set(name, { name, kind: 'keyless', identity: s.keyless });
      } else if (s.notation) {
        const trustPolicy = parseNotationTrustPolicy(
          await read(s.notation.trustPolicy, `Notation trust policy of signer "${name}"`),
        );
        const trustStore = await loader.loadNotationTrustStore(at(s.notation.trustStore));
        signers.set(name, { name, kind: 'notation', trustPolicy, trustStore });
      }
    } catch (err) {
      throw wrapError(`${source}: signer "${name}"`, err, 'INVALID_INPUT');
    }
  }
  const trustedRoot = doc.trustedRoot
    ? parseTrustedRoot(await read(doc.trustedRoot, 'trustedRoot'), `${source}: trustedRoot`)
    : undefined;
  return { document: doc, signers, ...(trustedRoot ? { trustedRoot } : {}), source };
}

/** Read, parse, validate and resolve a trust policy file. */
export async function loadTrustPolicy(
  path: string,
  loader: PolicyLoader = fsLoader,
): Promise<ResolvedTrustPolicy> {
  let text: string;
  try {
    text = (await loader.readFile(path)).toString('utf8');
  } catch (err) {
    if (notFound(err))
      throw new BulwarkError('NOT_FOUND', `trust policy ${path} does not exist`, { cause: err });
    throw wrapError(`cannot read trust policy ${path}`, err, 'INVALID_INPUT');
  }
  return resolveTrustPolicy(parseTrustPolicy(text, path), { baseDir: dirname(path), source: path, loader });
}

/** A missing file, from the default loader (BulwarkError NOT_FOUND) or a custom one (ENOENT). */
function notFound(err: unknown): boolean {
  return (
    (err as NodeJS.ErrnoException)?.code === 'ENOENT' || (isBulwarkError(err) && err.code === 'NOT_FOUND')
  );
}

// Typed errors: every failure the user can meet carries a code, and the CLI maps codes to exit codes.
// ref: architecture.md convention 6. Messages say what to do next; `cause` keeps the chain.

/** Exit code for each error code. Documented in the README; a public contract, change only compatibly. */
export const EXIT_CODES = {
  USAGE: 2, // unknown flag, bad argument
  NOT_FOUND: 3, // input file, directory or reference does not exist
  INVALID_INPUT: 4, // malformed tar, JSON, YAML, database, PEM …
  TRUNCATED: 5, // input ends early (truncated tar or gzip stream)
  UNSAFE_PATH: 6, // `../` or an absolute path that would escape the intended root
  SYMLINK_LOOP: 7, // symbolic links that never resolve
  LIMIT_EXCEEDED: 8, // size or count limit hit: decompression bomb, huge document, alias bomb
  DIGEST_MISMATCH: 9, // content does not match the digest that names it
  MANIFEST_NOT_FOUND: 10, // no manifest, tag or platform in the image
  UNSUPPORTED_MEDIA_TYPE: 11, // a media type or format Bulwark does not know
  REGISTRY_UNREACHABLE: 12, // DNS, connection or TLS failure
  REGISTRY_AUTH: 13, // 401/403 from a registry or token service
  REGISTRY_ERROR: 14, // any other unexpected registry answer
  DB_ERROR: 15, // vulnerability database missing, corrupt or from a newer Bulwark
  NETWORK: 16, // a download (DB update, mirror) failed
  UNSIGNED: 20, // no signature or attestation found
  BAD_SIGNATURE: 21, // a signature does not verify
  UNTRUSTED_IDENTITY: 22, // signature valid but signer not trusted by the policy
  POLICY_DENIED: 23, // a policy evaluated to deny
  KEY_ERROR: 24, // a key cannot be read, decrypted or generated
  RULES_ERROR: 25, // a rules file (Falco, checks) failed to load or compile
  PERMISSION: 26, // needs privileges the process lacks (root for eBPF, runc)
  INTERNAL: 70, // a bug: please report it
} as const;

export type ErrorCode = keyof typeof EXIT_CODES;

export class BulwarkError<C extends ErrorCode = ErrorCode> extends Error {
  readonly code: C;
  override readonly cause?: unknown;

  constructor(code: C, message: string, options?: { cause?: unknown }) {
    super(message);
    this.name = 'BulwarkError';
    this.code = code;
    if (options?.cause !== undefined) this.cause = options.cause;
  }

  get exitCode(): number {
    return EXIT_CODES[this.code];
  }
}

export function isBulwarkError(err: unknown): err is BulwarkError {
  return err instanceof BulwarkError;
}

/**
 * Wrap an error at a boundary so the message reads as a path through the system,
 * e.g. `failed to read layer sha256:…: unexpected end of tar`. The code of an inner
 * BulwarkError is kept, because it is the most specific diagnosis.
 */
export function wrapError(context: string, err: unknown, fallback: ErrorCode = 'INTERNAL'): BulwarkError {
  if (isBulwarkError(err)) {
    return new BulwarkError(err.code, `${context}: ${err.message}`, { cause: err });
  }
  const message = err instanceof Error ? err.message : String(err);
  return new BulwarkError(fallback, `${context}: ${message}`, { cause: err });
}

/** One line for the terminal: the message without stack, newlines folded. */
export function oneLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

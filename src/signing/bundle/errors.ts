// Map @sigstore/verify and @sigstore/bundle errors onto Bulwark's codes. Anything unexpected is a
// verification failure (fail closed), never success and never an internal error that callers skip.
import { PolicyError, VerificationError } from '@sigstore/verify';
import { BulwarkError, isBulwarkError } from '../../core/errors.js';

export function mapSigstoreError(what: string, err: unknown): BulwarkError {
  if (isBulwarkError(err)) return err;
  const message = err instanceof Error ? err.message : String(err);
  if (err instanceof PolicyError) {
    return new BulwarkError('UNTRUSTED_IDENTITY', `${what}: signer not trusted: ${message}`, { cause: err });
  }
  if (err instanceof VerificationError) {
    switch (err.code) {
      case 'CERTIFICATE_ERROR':
      case 'PUBLIC_KEY_ERROR':
        return new BulwarkError('UNTRUSTED_IDENTITY', `${what}: ${message} (${err.code})`, { cause: err });
      default:
        return new BulwarkError('BAD_SIGNATURE', `${what}: ${message} (${err.code})`, { cause: err });
    }
  }
  return new BulwarkError('BAD_SIGNATURE', `${what}: ${message}`, { cause: err });
}

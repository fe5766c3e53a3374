// Mapping registry answers to Bulwark error codes. ref: OCI distribution-spec "Error Codes".
import { BulwarkError, type ErrorCode } from '../../core/errors.js';

export interface RegistryErrorBody {
  code?: string;
  message?: string;
}

/** Parse `{"errors":[{code,message,detail}]}`; never throws. Messages are cut short and single-line. */
export function parseErrorBody(bytes: Buffer | undefined): RegistryErrorBody[] {
  if (!bytes?.length) return [];
  try {
    const parsed = JSON.parse(bytes.toString('utf8')) as { errors?: unknown };
    if (!Array.isArray(parsed.errors)) return [];
    return parsed.errors.slice(0, 5).map((e: unknown) => {
      const o = (typeof e === 'object' && e !== null ? e : {}) as Record<string, unknown>;
      return {
        ...(typeof o.code === 'string' ? { code: o.code.slice(0, 64) } : {}),
        ...(typeof o.message === 'string' ? { message: o.message.replace(/\s+/g, ' ').slice(0, 200) } : {}),
      };
    });
  } catch {
    return [];
  }
}

export function describeErrors(errors: RegistryErrorBody[]): string {
  return errors.map((e) => [e.code, e.message].filter(Boolean).join(': ')).join('; ');
}

/** Code for a failed call: 404s per resource kind, DIGEST_INVALID on upload, everything else REGISTRY_ERROR. */
export function codeFor(status: number, errors: RegistryErrorBody[], notFound: ErrorCode): ErrorCode {
  const codes = new Set(errors.map((e) => e.code));
  if (status === 401 || status === 403 || codes.has('UNAUTHORIZED') || codes.has('DENIED'))
    return 'REGISTRY_AUTH';
  if (codes.has('DIGEST_INVALID')) return 'DIGEST_MISMATCH';
  if (codes.has('SIZE_INVALID')) return 'DIGEST_MISMATCH';
  if (
    status === 404 ||
    codes.has('MANIFEST_UNKNOWN') ||
    codes.has('NAME_UNKNOWN') ||
    codes.has('BLOB_UNKNOWN')
  )
    return notFound;
  return 'REGISTRY_ERROR';
}

/** A failed registry call, keeping the registry's own error codes for callers that retry on some. */
export class RegistryCallError extends BulwarkError {
  constructor(
    code: ErrorCode,
    message: string,
    readonly status: number,
    readonly registryCodes: readonly string[],
  ) {
    super(code, message);
  }
}

export function registryError(
  status: number,
  errors: RegistryErrorBody[],
  what: string,
  notFound: ErrorCode,
  hint = '',
): RegistryCallError {
  const code = codeFor(status, errors, notFound);
  const detail = describeErrors(errors);
  const next =
    hint ||
    (code === 'REGISTRY_ERROR' && status >= 500
      ? 'the registry failed; try again later'
      : code === 'REGISTRY_ERROR'
        ? 'check the reference and the registry'
        : '');
  return new RegistryCallError(
    code,
    `${what}: registry answered ${status}${detail ? ` (${detail})` : ''}${next ? `; ${next}` : ''}`,
    status,
    errors.flatMap((e) => (e.code ? [e.code] : [])),
  );
}

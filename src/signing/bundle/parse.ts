// Parse a sigstore bundle strictly: known media type (v0.1, v0.2, v0.3 in both spellings), then the
// per-version structural rules of @sigstore/bundle (v0.1: inclusion promise; v0.2+: inclusion proof;
// v0.3: a single certificate, not a chain).
import {
  assertBundleLatest,
  assertBundleV01,
  assertBundleV02,
  bundleFromJSON,
  type Bundle,
} from '@sigstore/bundle';
import { BulwarkError } from '../../core/errors.js';
import { BUNDLE_MEDIA_TYPES } from '../oci-constants.js';

/** Bundles hold a signature, certificates and proofs; an SBOM in a DSSE envelope can be large. */
export const MAX_BUNDLE_BYTES = 128 * 1024 * 1024;

export type BundleVersion = '0.1' | '0.2' | '0.3';

const VERSIONS: Record<string, BundleVersion> = {
  [BUNDLE_MEDIA_TYPES.v01]: '0.1',
  [BUNDLE_MEDIA_TYPES.v02]: '0.2',
  [BUNDLE_MEDIA_TYPES.v03legacy]: '0.3',
  [BUNDLE_MEDIA_TYPES.v03]: '0.3',
};

export interface ParsedBundle {
  bundle: Bundle;
  version: BundleVersion;
}

export function parseBundle(input: string | Buffer | unknown, what = 'bundle'): ParsedBundle {
  let doc: unknown = input;
  if (typeof input === 'string' || Buffer.isBuffer(input)) {
    if (input.length > MAX_BUNDLE_BYTES)
      throw new BulwarkError('LIMIT_EXCEEDED', `${what} is larger than ${MAX_BUNDLE_BYTES} bytes`);
    try {
      doc = JSON.parse(input.toString());
    } catch {
      throw new BulwarkError('BAD_SIGNATURE', `${what} is not JSON`);
    }
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    throw new BulwarkError('BAD_SIGNATURE', `${what} is not a JSON object`);
  }
  const mediaType = (doc as { mediaType?: unknown }).mediaType;
  const version = typeof mediaType === 'string' ? VERSIONS[mediaType] : undefined;
  if (!version) {
    throw new BulwarkError(
      'UNSUPPORTED_MEDIA_TYPE',
      `${what} has unsupported media type ${JSON.stringify(mediaType)}`,
    );
  }
  let bundle: Bundle;
  try {
    bundle = bundleFromJSON(doc);
    if (version === '0.1') assertBundleV01(bundle);
    else if (version === '0.2') assertBundleV02(bundle);
    else assertBundleLatest(bundle);
  } catch (err) {
    const fields = (err as { fields?: string[] }).fields;
    const detail = fields?.length ? ` (${fields.join(', ')})` : '';
    throw new BulwarkError('BAD_SIGNATURE', `${what} is malformed: ${(err as Error).message}${detail}`, {
      cause: err,
    });
  }
  return { bundle, version };
}

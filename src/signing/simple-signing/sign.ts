// Create a cosign simple-signing signature: the payload bytes for the `.sig` layer and the base64
// signature for its `dev.cosignproject.cosign/signature` annotation.
import type { SigningKey } from '../keys/private.js';
import { signBytes } from '../signature.js';
import { createPayload, type CreatePayloadInput } from './payload.js';

export interface SimpleSignature {
  /** Layer blob, media type application/vnd.dev.cosign.simplesigning.v1+json. */
  payload: Buffer;
  /** Value of the `dev.cosignproject.cosign/signature` annotation. */
  signature: string;
  /** Value for the `dev.bulwark/key-id` annotation. */
  keyId: string;
}

export function signSimpleSigning(key: SigningKey, input: CreatePayloadInput): SimpleSignature {
  const payload = createPayload(input);
  return { payload, signature: signBytes(key, payload).toString('base64'), keyId: key.publicKey.keyId };
}

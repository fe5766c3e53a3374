// Public API of the signing layer (pure, offline). Sigstore bundle verification lives in ./bundle/
// and Notation in ./notation/; import those directly so that light users do not load sigstore.
export * from './digest.js';
export * from './dsse/index.js';
export * from './encoding.js';
export * from './intoto/index.js';
export * from './key-match.js';
export * from './keys/index.js';
export * from './oci-constants.js';
export * from './signature.js';
export * from './simple-signing/index.js';

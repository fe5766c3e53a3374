// Public surface of the OCI distribution client (src/image/registry). Import from here.
export { RegistryClient, type RegistryClientOptions, type ResolvedImage } from './client.js';
export type { TransportOptions, RegistryCall } from './transport.js';
export type { Credential, ResolvedCredential } from './auth/credentials.js';
export { lookupCredentials } from './auth/credentials.js';
export { parseChallenges, type Challenge } from './auth/challenge.js';
export { digestOf, digestTag, isDigest, parseDigest, verifyBytes, VerifyingStream } from './digest.js';
export { parseManifest, checkDescriptor } from './manifest-parse.js';
export * from './media-types.js';
export { isRepositoryName, isTag, display } from './names.js';
export {
  formatPlatform,
  hostPlatform,
  normalizePlatform,
  parsePlatform,
  platformMatches,
  selectPlatform,
} from './platform.js';
export type { ReferrersResult, ReferrersSource, PushReferrerResult } from './referrers.js';
export { referrerDescriptor } from './referrers.js';
export type { ConvergeOptions, ConvergeResult } from './converge.js';
export type { PushBlobOptions, PushBlobResult } from './upload.js';
export type { ListPage, TagPage } from './tags.js';
export { nextLink } from './tags.js';
export { isLoopback } from './endpoint.js';
export * from './types.js';

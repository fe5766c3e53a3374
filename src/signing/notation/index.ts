export * from './certs.js';
export * from './jws.js';
export * from './trust-policy.js';
export * from './trust-store.js';
export * from './verify.js';

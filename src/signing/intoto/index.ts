export * from './attestation.js';
export * from './predicate-types.js';
export * from './statement.js';

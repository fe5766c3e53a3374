export * from './identity.js';
export * from './parse.js';
export * from './trusted-root.js';
export * from './verify.js';
export * from './create.js';
export * from './legacy.js';

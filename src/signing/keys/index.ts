export * from './encrypted.js';
export * from './generate.js';
export * from './password.js';
export * from './private.js';
export * from './public.js';
export { readPemBlocks, writePem } from './pem.js';
export * from './files.js';

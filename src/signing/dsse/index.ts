export * from './envelope.js';
export * from './pae.js';

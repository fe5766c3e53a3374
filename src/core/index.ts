export * from './errors.js';
export * from './model.js';
export * from './severity.js';
export * from './purl.js';
export * from './clock.js';

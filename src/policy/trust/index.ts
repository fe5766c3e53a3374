export * from './conditions.js';
export * from './evaluate.js';
export * from './match.js';
export * from './parse.js';
export * from './resolve.js';
export * from './types.js';

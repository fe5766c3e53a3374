export * from './payload.js';
export * from './sign.js';
export * from './verify.js';

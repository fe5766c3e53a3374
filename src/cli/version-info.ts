// The CLI's view of the version (one source: src/core/version.ts).
export { VERSION } from '../core/version.js';

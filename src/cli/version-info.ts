import { createRequire } from 'node:module';

// Read from package.json so `bulwark --version` never drifts from the published version.
const require = createRequire(import.meta.url);
export const VERSION: string = (require('../../package.json') as { version: string }).version;

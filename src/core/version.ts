// Bulwark's version, read from package.json so `bulwark --version`, SARIF's tool.driver.version and
// attestations never drift from the published version.
import { createRequire } from 'node:module';

// The path is relative to this module, which sits two levels below the package root in every
// layout that runs: src/core/ (tests), dist/core/ (tsc output) and dist/bundle/ (the bundled CLI,
// scripts/bundle.mjs). Keep it that way when moving either.
export const VERSION: string = (createRequire(import.meta.url)('../../package.json') as { version: string })
  .version;

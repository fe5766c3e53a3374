#!/usr/bin/env node
// Thin launcher. `npm run build` compiles src/ to plain JS in dist/ and bundles the CLI into
// dist/bundle/ (scripts/bundle.mjs) so start-up does not pay for hundreds of module files.
if (process.env.BULWARK_DEBUG) process.setSourceMapsEnabled(true);
import('../dist/bundle/main.js').catch((err) => {
  if (err && err.code === 'ERR_MODULE_NOT_FOUND' && String(err.message).includes('dist/bundle/main.js')) {
    console.error('bulwark: not built yet; run `npm run build` first');
    process.exit(2);
  }
  throw err;
});

#!/usr/bin/env node
// Thin launcher: the CLI is compiled to plain JS in dist/ so start-up stays fast.
import('../dist/cli/main.js').catch((err) => {
  if (err && err.code === 'ERR_MODULE_NOT_FOUND' && String(err.message).includes('dist/cli/main.js')) {
    console.error('bulwark: not built yet; run `npm run build` first');
    process.exit(2);
  }
  throw err;
});

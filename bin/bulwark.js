#!/bin/sh
':' //; d=$(dirname "$(readlink -f "$0")"); n="$d/../node_modules/node/bin/node"; [ -x "$n" ] || n=node; exec "$n" "$0" "$@"
// The line above is read by sh and ignored by Node (a string, then a comment): run as a program,
// this file starts itself on the Node.js 24 that `npm ci` installs into node_modules (the `node`
// devDependency), and on the `node` in PATH where that is absent (a global or production install).
//
// Thin launcher. `npm run build` compiles src/ to plain JS in dist/ and bundles the CLI into
// dist/bundle/ (scripts/bundle.mjs) so start-up does not pay for hundreds of module files.
//
// The Node check comes first and uses only syntax every Node since 0.10 parses, so that an old
// runtime (Debian's Node 20, say) gets one line naming what it found and what is needed, instead of
// a syntax or import error from the bundle or a dependency. The range mirrors package.json
// `engines` (the sigstore libraries need it); keep the two in step.
var v = process.versions.node.split('.').map(Number);
var ok = (v[0] === 22 && (v[1] > 22 || (v[1] === 22 && v[2] >= 2))) || (v[0] === 24 && v[1] >= 15) || v[0] >= 26;
if (!ok) {
  process.stderr.write(
    'bulwark: Node.js ' + process.versions.node + ' (' + process.execPath + ') is not supported; ' +
      'Bulwark needs ^22.22.2, ^24.15.0 or >=26: in the project, run `npm ci` (it installs Node 24) ' +
      'and start bin/bulwark.js itself, or install a supported Node\n',
  );
  process.exit(2);
}
if (process.env.BULWARK_DEBUG) process.setSourceMapsEnabled(true);
import('../dist/bundle/main.js').catch((err) => {
  if (err && err.code === 'ERR_MODULE_NOT_FOUND' && String(err.message).includes('dist/bundle/main.js')) {
    console.error('bulwark: not built yet; run `npm run build` first');
    process.exit(2);
  }
  throw err;
});

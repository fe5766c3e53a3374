// Bundle the CLI (tsc's output in dist/) into dist/bundle/, which bin/bulwark.js runs.
//
// Why: Node's ESM loader pays per module file (resolve, stat, read, compile). Unbundled, a cached
// `bulwark image` rescan loaded ~450 files (kysely alone is 263) and spent most of its 0.5 s of CPU
// there; bundled, the same work is a handful of chunks. Code splitting keeps every `await import()`
// in src/ a separate chunk, so a command still loads only what it uses.
//
// What stays outside the bundle and loads from node_modules at run time, with Node's own semantics:
// - packages a module imports with `await import('pkg')`: they are lazy by choice, and esbuild's
//   split chunk for a CommonJS package exports only `default`, so `const { fetch } = await
//   import('undici')` would find nothing;
// - packages that ship native code or read files relative to their own directory (EXTERNAL). Add
//   such a package there when you add it as a dependency, and run its CLI tests: those run the bundle.
//
// Usage: node scripts/bundle.mjs   (after `tsc -p tsconfig.build.json`; `npm run build` runs both)
import { renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(root, 'dist/bundle');

/**
 * Left to Node's resolver:
 * - native addons and their loaders, should one be added (none is today: SQLite is node:sqlite);
 * - optional drivers or plug-ins a dependency `require`s only if installed (pg-native for pg;
 *   xmlbuilder2 and libxmljs2 for the CycloneDX library);
 * - packages that find files through `__dirname`, which a bundle chunk does not have: the CycloneDX
 *   library (its JSON schemas). Check a new dependency for `__dirname` before it is bundled (pino's
 *   transport worker and fastify, for the server, will need to be listed here).
 */
const EXTERNAL = ['pg-native', 'xmlbuilder2', 'libxmljs2', '@cyclonedx/cyclonedx-library'];

/** Leave `import('pkg')` of a package (not a relative path) to Node. */
const dynamicPackagesExternal = {
  name: 'dynamic-packages-external',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) =>
      args.kind === 'dynamic-import' ? { path: args.path, external: true } : undefined,
    );
  },
};

// Built beside the old bundle and swapped in, so a CLI process started meanwhile (a test, another
// shell) finds a complete bundle, and a failed build leaves the previous one in place.
const staging = `${outdir}.${process.pid}.tmp`;
rmSync(staging, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: { main: 'dist/cli/main.js' },
  outdir: staging,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node24',
  external: EXTERNAL,
  plugins: [dynamicPackagesExternal],
  // Chunks sit directly in dist/bundle/, two levels below the package root like dist/core/ (see
  // src/core/version.ts, which reads ../../package.json).
  chunkNames: '[name]-[hash]',
  // CommonJS dependencies inside an ES module bundle still call require() (node builtins, the
  // externals above); give every chunk one, resolved from the chunk's own location.
  banner: {
    js: "import { createRequire as __bulwarkCreateRequire } from 'node:module'; const require = __bulwarkCreateRequire(import.meta.url);",
  },
  sourcemap: 'linked',
  legalComments: 'none',
  logLevel: 'warning',
});
const old = `${outdir}.${process.pid}.old`;
try {
  renameSync(outdir, old);
} catch {
  /* first build */
}
renameSync(staging, outdir);
rmSync(old, { recursive: true, force: true });

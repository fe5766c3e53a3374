// Build dist/ once per test run so CLI tests exercise the same plain JS users run: tsc's output,
// then the bundle bin/bulwark.js loads (scripts/bundle.mjs, about a second).
import { execFileSync } from 'node:child_process';
import { REPO_ROOT } from './fixtures.js';

export default function setup(): void {
  execFileSync(
    'npx',
    ['tsc', '-p', 'tsconfig.build.json', '--incremental', '--tsBuildInfoFile', '.tmp/build.tsbuildinfo'],
    {
      cwd: REPO_ROOT,
      stdio: 'inherit',
    },
  );
  execFileSync(process.execPath, ['scripts/bundle.mjs'], { cwd: REPO_ROOT, stdio: 'inherit' });
}

// Build dist/ once per test run so CLI tests exercise the same plain JS users run.
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
}

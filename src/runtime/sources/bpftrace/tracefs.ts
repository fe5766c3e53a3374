// tracefs: bpftrace reads tracepoint formats from it. Some systems (this CI VM among them) boot
// without it mounted; as root we mount it at the standard place.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { BulwarkError } from '../../../core/errors.js';

export const TRACEFS = '/sys/kernel/tracing';

export function ensureTracefs(notice: (m: string) => void = () => {}): void {
  if (existsSync(`${TRACEFS}/events`)) return;
  const r = spawnSync('mount', ['-t', 'tracefs', 'nodev', TRACEFS], { stdio: 'ignore' });
  if (r.status !== 0 || !existsSync(`${TRACEFS}/events`)) {
    throw new BulwarkError(
      'PERMISSION',
      `tracefs is not mounted at ${TRACEFS}; run: mount -t tracefs nodev ${TRACEFS}`,
    );
  }
  notice(`mounted tracefs at ${TRACEFS}`);
}

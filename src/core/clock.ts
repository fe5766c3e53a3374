// The current time, or the one the user pinned for reproducible output.
// ref: https://reproducible-builds.org/specs/source-date-epoch/ — SOURCE_DATE_EPOCH is an integer
// count of seconds since 1970-01-01T00:00:00Z; a malformed value is an error, not silently ignored.
import { BulwarkError } from './errors.js';

export function currentTime(env: NodeJS.ProcessEnv = process.env): Date {
  const raw = env.SOURCE_DATE_EPOCH;
  if (raw === undefined || raw === '') return new Date();
  if (!/^\d{1,12}$/.test(raw)) {
    throw new BulwarkError(
      'USAGE',
      `SOURCE_DATE_EPOCH=${JSON.stringify(raw.slice(0, 40))} is not a number of seconds since 1970; unset it or use e.g. $(git log -1 --format=%ct)`,
    );
  }
  return new Date(Number(raw) * 1000);
}

/** ISO 8601 in UTC without fractional seconds (`2024-01-02T03:04:05Z`), as SPDX requires. */
export function isoSeconds(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

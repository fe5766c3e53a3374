// Writing results: stdout or --output FILE, and the shared --format option.
import { writeFile } from 'node:fs/promises';
import { BulwarkError } from '../core/errors.js';

export async function emit(text: string, output?: string): Promise<void> {
  const body = text.endsWith('\n') ? text : `${text}\n`;
  if (output && output !== '-') {
    try {
      await writeFile(output, body);
    } catch (err) {
      throw new BulwarkError(
        'NOT_FOUND',
        `cannot write ${output}: ${(err as Error).message}; check the directory exists`,
        {
          cause: err,
        },
      );
    }
    return;
  }
  await new Promise<void>((resolve, reject) =>
    process.stdout.write(body, (e) => (e ? reject(e) : resolve())),
  );
}

export function json(value: unknown): string {
  return JSON.stringify(value, null, 2);
}

/** Validate a --format value against what the command supports, with a helpful message. */
export function checkFormat<T extends string>(format: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(format)) return format as T;
  throw new BulwarkError('USAGE', `unknown --format "${format}"; use one of: ${allowed.join(', ')}`);
}

/** Notices go to stderr so that stdout stays machine-readable. */
export function notice(message: string): void {
  process.stderr.write(`bulwark: ${message}\n`);
}

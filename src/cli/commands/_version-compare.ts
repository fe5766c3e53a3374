// Printing for `bulwark version compare`: one pair from argv, or a stream of "A<TAB>B" lines from
// stdin handled in one process (large vector sets), with output written in batches.
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { BulwarkError } from '../../core/errors.js';
import type { Scheme } from '../../versioning/api.js';

type Format = 'table' | 'json';

function render(scheme: Scheme, a: string, b: string, result: number, format: Format): string {
  return format === 'json' ? JSON.stringify({ scheme: scheme.id, a, b, result }) : String(result);
}

function check(scheme: Scheme, v: string, where: string, warn: (m: string) => void): void {
  if (scheme.isValid(v)) return;
  if (!scheme.isComparable(v)) {
    throw new BulwarkError(
      'INVALID_INPUT',
      `${where}"${v}" is not a valid ${scheme.id} version; fix or remove it`,
    );
  }
  warn(
    `${where}"${v}" is not a valid ${scheme.id} version; compared token by token as ${scheme.id}'s own tools do`,
  );
}

export function compareOne(
  scheme: Scheme,
  a: string,
  b: string,
  format: Format,
  warn: (m: string) => void = () => {},
): string {
  check(scheme, a, '', warn);
  check(scheme, b, '', warn);
  return render(scheme, a, b, scheme.compare(a, b), format);
}

function write(text: string): Promise<void> {
  return new Promise((resolve, reject) => process.stdout.write(text, (e) => (e ? reject(e) : resolve())));
}

const MAX_LINE = 64 * 1024;
const MAX_WARNINGS = 10;

export async function compareStream(
  scheme: Scheme,
  input: Readable,
  format: Format,
  notice: (m: string) => void,
): Promise<number> {
  const rl = createInterface({ input, crlfDelay: Infinity });
  let lineNo = 0;
  let count = 0;
  let warnings = 0;
  const warn = (m: string): void => {
    warnings++;
    if (warnings <= MAX_WARNINGS) notice(m);
    else if (warnings === MAX_WARNINGS + 1) notice('further warnings about invalid versions are not shown');
  };
  let out: string[] = [];
  try {
    for await (const raw of rl) {
      lineNo++;
      if (raw.length > MAX_LINE)
        throw new BulwarkError('LIMIT_EXCEEDED', `line ${lineNo}: longer than ${MAX_LINE} bytes`);
      const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
      if (line.trim() === '' || line.startsWith('#')) continue;
      const fields = line.split('\t');
      if (fields.length < 2) {
        throw new BulwarkError(
          'INVALID_INPUT',
          `line ${lineNo}: expected "A<TAB>B", got "${line.slice(0, 80)}"`,
        );
      }
      const [a, b] = fields as [string, string];
      out.push(compareOne(scheme, a, b, format, (m) => warn(`line ${lineNo}: ${m}`)));
      count++;
      if (out.length >= 8192) {
        await write(`${out.join('\n')}\n`);
        out = [];
      }
    }
  } catch (err) {
    // Results before the bad line are still printed, so a caller can see where it stopped.
    if (out.length) await write(`${out.join('\n')}\n`);
    if (err instanceof BulwarkError && err.code === 'INVALID_INPUT' && !err.message.startsWith('line ')) {
      throw new BulwarkError('INVALID_INPUT', `line ${lineNo}: ${err.message}`, { cause: err });
    }
    throw err;
  } finally {
    rl.close();
  }
  if (out.length) await write(`${out.join('\n')}\n`);
  return count;
}

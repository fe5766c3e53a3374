// Parsing untrusted JSON documents (manifests, indexes, configs): size-limited, one-line errors.
import { BulwarkError } from '../core/errors.js';

export function parseJson(data: Buffer | string, what: string, maxBytes: number): unknown {
  const size = typeof data === 'string' ? Buffer.byteLength(data) : data.length;
  if (size > maxBytes) {
    throw new BulwarkError(
      'LIMIT_EXCEEDED',
      `${what} is ${size} bytes, more than the ${maxBytes}-byte limit (maxJsonBytes)`,
    );
  }
  try {
    return JSON.parse(typeof data === 'string' ? data : data.toString('utf8'));
  } catch (err) {
    throw new BulwarkError('INVALID_INPUT', `${what} is not valid JSON (${(err as Error).message})`, {
      cause: err,
    });
  }
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The value must be a JSON object; otherwise INVALID_INPUT naming the document. */
export function requireObject(v: unknown, what: string): Record<string, unknown> {
  if (!isObject(v)) throw new BulwarkError('INVALID_INPUT', `${what} is not a JSON object`);
  return v;
}

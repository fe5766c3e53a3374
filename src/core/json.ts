// JSON from untrusted input with a nesting limit. V8's JSON.parse itself copes with deep nesting,
// but every consumer that walks the result recursively (rule fields, validators, JSON.stringify of
// an alert) then overflows the stack: 20,000 nested arrays in a 40 kB body killed the k8s-audit
// listener with an uncaught RangeError. Checking the depth first, in one linear pass over the text
// that skips strings, turns that into an ordinary parse error.
import { BulwarkError } from './errors.js';

/** Deeper than any real audit event, OSV record, bundle or policy (they nest < 30 levels). */
export const DEFAULT_MAX_JSON_DEPTH = 256;

/** The deepest nesting of objects and arrays in a JSON text (strings are skipped; no validation). */
export function jsonDepth(text: string, stopAbove = Infinity): number {
  let depth = 0;
  let max = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      // Skip the string: a backslash escapes the next character, whatever it is.
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (d === 0x5c /* \ */) i++;
        else if (d === 0x22) break;
      }
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      if (++depth > max) {
        max = depth;
        if (max > stopAbove) return max;
      }
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      depth--;
    }
  }
  return max;
}

/**
 * JSON.parse with a nesting limit: LIMIT_EXCEEDED beyond `maxDepth`, INVALID_INPUT for bad JSON.
 * `what` names the input in the message.
 */
export function parseJson(text: string, what: string, maxDepth = DEFAULT_MAX_JSON_DEPTH): unknown {
  if (jsonDepth(text, maxDepth) > maxDepth) {
    throw new BulwarkError('LIMIT_EXCEEDED', `${what}: JSON nested deeper than ${maxDepth} levels`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new BulwarkError('INVALID_INPUT', `${what}: invalid JSON (${(err as Error).message})`, {
      cause: err,
    });
  }
}

// Streaming split of a large JSON document into its top-level members, so that Debian's tracker JSON
// (one object, ~80 MiB, package → CVE → release) is imported one package at a time with bounded memory.
// The splitter only tracks strings and nesting; each member's text is then checked by JSON.parse.
// ref: RFC 8259 (structure, string escapes).
import { StringDecoder } from 'node:string_decoder';
import { BulwarkError } from '../../core/errors.js';
import { limitError } from './limits.js';

export interface JsonEntry {
  /** Member name for an object, index for an array. */
  key: string;
  value: unknown;
}

const enum State {
  Start, // before the top-level value
  BeforeKey, // inside the top-level object, expecting a key or `}`
  InKey,
  AfterKey, // expecting `:`
  BeforeValue,
  InValue,
  Done,
}

const WS = new Set([0x20, 0x09, 0x0a, 0x0d]);

/**
 * Yields the members of a top-level JSON object (or the elements of a top-level array) one by one.
 * Throws INVALID_INPUT on malformed structure, LIMIT_EXCEEDED when one member or the whole stream is too big.
 */
export async function* jsonEntries(
  input: AsyncIterable<Uint8Array | string>,
  name: string,
  limits: { maxEntryBytes: number; maxStreamBytes: number },
): AsyncGenerator<JsonEntry> {
  const decoder = new StringDecoder('utf8');
  let state = State.Start;
  let isArray = false;
  let index = 0;
  let key = '';
  let keyParts: string[] = [];
  let valueParts: string[] = [];
  let valueLength = 0;
  let depth = 0; // nesting inside the current value
  let inString = false;
  let escaped = false;
  let total = 0;
  let offset = 0;

  const fail = (what: string): never => {
    throw new BulwarkError('INVALID_INPUT', `${name}: malformed JSON at offset ${offset}: ${what}`);
  };
  const emit = (): JsonEntry => {
    const text = valueParts.join('');
    valueParts = [];
    valueLength = 0;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      fail(
        `invalid value for ${isArray ? `element ${index}` : JSON.stringify(key)}: ${(err as Error).message}`,
      );
    }
    return { key: isArray ? String(index++) : key, value };
  };

  for await (const chunk of input) {
    const buf =
      typeof chunk === 'string'
        ? Buffer.from(chunk)
        : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    total += buf.length;
    if (total > limits.maxStreamBytes) throw limitError('the JSON document', limits.maxStreamBytes, name);
    const text = decoder.write(buf);
    const out: JsonEntry[] = [];
    let valueStart = state === State.InValue ? 0 : -1;
    for (let i = 0; i < text.length; i++, offset++) {
      const c = text.charCodeAt(i);
      switch (state) {
        case State.Start:
          if (WS.has(c)) break;
          if (c === 0x7b /* { */) state = State.BeforeKey;
          else if (c === 0x5b /* [ */) {
            isArray = true;
            state = State.BeforeValue;
          } else fail('expected an object or an array');
          break;
        case State.BeforeKey:
          if (WS.has(c)) break;
          if (c === 0x22 /* " */) {
            state = State.InKey;
            keyParts = [];
            escaped = false;
          } else if (c === 0x7d /* } */ && index === 0 && key === '') state = State.Done;
          else fail('expected a member name');
          break;
        case State.InKey:
          if (escaped) escaped = false;
          else if (c === 0x5c) escaped = true;
          else if (c === 0x22) {
            try {
              key = JSON.parse(`"${keyParts.join('')}"`) as string;
            } catch {
              fail('invalid member name');
            }
            state = State.AfterKey;
            break;
          }
          keyParts.push(text[i]!);
          if (keyParts.length > 4096) fail('member name too long');
          break;
        case State.AfterKey:
          if (WS.has(c)) break;
          if (c === 0x3a /* : */) state = State.BeforeValue;
          else fail('expected ":"');
          break;
        case State.BeforeValue:
          if (WS.has(c)) break;
          if (isArray && c === 0x5d /* ] */ && index === 0) {
            state = State.Done;
            break;
          }
          state = State.InValue;
          valueStart = i;
          depth = 0;
          inString = false;
          escaped = false;
          i--; // re-read this character as part of the value
          offset--;
          break;
        case State.InValue:
          if (inString) {
            if (escaped) escaped = false;
            else if (c === 0x5c) escaped = true;
            else if (c === 0x22) inString = false;
            break;
          }
          if (c === 0x22) inString = true;
          else if (c === 0x7b || c === 0x5b) depth++;
          else if (c === 0x7d || c === 0x5d) {
            if (depth === 0) {
              // The closing bracket of the top level ends a scalar value.
              valueParts.push(text.slice(valueStart, i));
              out.push(emit());
              if ((c === 0x5d) !== isArray) fail('mismatched closing bracket');
              state = State.Done;
              break;
            }
            depth--;
          } else if (c === 0x2c /* , */ && depth === 0) {
            valueParts.push(text.slice(valueStart, i));
            out.push(emit());
            state = isArray ? State.BeforeValue : State.BeforeKey;
            break;
          }
          break;
        case State.Done:
          if (!WS.has(c)) fail('data after the end of the document');
          break;
      }
      if (state === State.InValue) {
        const pending = valueLength + (i - valueStart + 1);
        if (pending > limits.maxEntryBytes) {
          throw limitError(
            `one entry (${isArray ? `element ${index}` : JSON.stringify(key)})`,
            limits.maxEntryBytes,
            name,
          );
        }
      }
    }
    if (state === State.InValue && valueStart >= 0) {
      const rest = text.slice(valueStart);
      valueParts.push(rest);
      valueLength += rest.length;
    }
    for (const e of out) yield e;
  }
  const tail = decoder.end();
  if (tail.trim()) fail('incomplete UTF-8 sequence at the end');
  if ((state as State) !== State.Done) {
    throw new BulwarkError('TRUNCATED', `${name}: JSON document ends early (at offset ${offset})`);
  }
}

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BulwarkError } from '../../core/errors.js';
import { decodeUtf8, DEFAULT_SOURCE_LIMITS, firstInvalidUtf8 } from './text.js';
import { parseYamlDocuments } from './yaml.js';

const limits = DEFAULT_SOURCE_LIMITS;

function error(fn: () => unknown): BulwarkError {
  try {
    fn();
  } catch (e) {
    if (e instanceof BulwarkError) return e;
    throw e;
  }
  throw new Error('expected an error');
}

describe('YAML documents with lines', () => {
  it('maps field paths to lines across documents, YAML 1.1 booleans included', () => {
    const docs = parseYamlDocuments(
      'x.yaml',
      'a: 1\n---\nkind: Pod\nspec:\n  containers:\n    - name: c\n      securityContext:\n        privileged: yes\n',
      limits,
    );
    expect(docs).toHaveLength(2);
    expect(docs[1]!.line).toBe(3);
    expect(
      (docs[1]!.value as { spec: { containers: { securityContext: { privileged: unknown } }[] } }).spec
        .containers[0]!.securityContext.privileged,
    ).toBe(true);
    expect(docs[1]!.lineOf(['spec', 'containers', 0, 'securityContext', 'privileged'])).toBe(8);
    expect(docs[1]!.lineOf(['spec', 'containers', 0, 'nope'])).toBe(6); // nearest ancestor
  });

  it.each([
    ['invalid YAML', 'a: [1, 2\nb: 3\n', 'INVALID_INPUT', /^x\.yaml:\d+: invalid YAML: /],
    ['a duplicate key', 'a: 1\na: 2\n', 'INVALID_INPUT', /^x\.yaml:2: invalid YAML: /],
  ])('%s gives one line with file and line', (_n, text, code, re) => {
    const e = error(() => parseYamlDocuments('x.yaml', text, limits));
    expect(e.code).toBe(code);
    expect(e.message).toMatch(re);
    expect(e.message).not.toContain('\n');
  });

  it('stops a billion-laughs alias bomb quickly', () => {
    const bomb = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 9; i++)
      bomb.push(
        `${'bcdefghij'[i - 1]}: &${'bcdefghij'[i - 1]} [${Array(9)
          .fill(`*${'abcdefghij'[i - 1]}`)
          .join(',')}]`,
      );
    const start = Date.now();
    const e = error(() => parseYamlDocuments('bomb.yaml', `${bomb.join('\n')}\n`, limits));
    expect(Date.now() - start).toBeLessThan(2000);
    expect(e.code).toBe('LIMIT_EXCEEDED');
    expect(e.message).toMatch(/^bomb\.yaml:1: YAML aliases expand past 1000 nodes/);
  });

  it('never throws anything but a BulwarkError on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        try {
          for (const d of parseYamlDocuments('f.yaml', text, limits)) d.lineOf(['a', 0, 'b']);
        } catch (e) {
          expect(e).toBeInstanceOf(BulwarkError);
          expect((e as Error).message).toMatch(/^f\.yaml:\d+: /);
        }
      }),
      { numRuns: 1000 },
    );
  });
});

describe('UTF-8 decoding', () => {
  it('names the line of the first invalid byte', () => {
    const buf = Buffer.concat([Buffer.from('a: 1\nb: 2\nc: '), Buffer.from([0xff, 0xfe]), Buffer.from('\n')]);
    const e = error(() => decodeUtf8('latin.yaml', buf));
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.message).toBe('latin.yaml:3: not UTF-8 text (byte 0xff at offset 13); save the file as UTF-8');
  });

  it('drops a BOM and accepts multi-byte text', () => {
    expect(decodeUtf8('f', Buffer.from('\ufeffname: "ü €𝄞"', 'utf8'))).toBe('name: "ü €𝄞"');
  });

  it('agrees with the WHATWG decoder on random bytes', () => {
    const strict = new TextDecoder('utf-8', { fatal: true });
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        let valid = true;
        try {
          strict.decode(bytes);
        } catch {
          valid = false;
        }
        expect(firstInvalidUtf8(bytes) === -1).toBe(valid);
      }),
      { numRuns: 5000 },
    );
  });
});

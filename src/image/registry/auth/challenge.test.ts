import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseChallenges } from './challenge.js';
import { mergeScopes, scopesCover } from './scope.js';

describe('parseChallenges', () => {
  it.each([
    [
      'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/alpine:pull"',
      [
        {
          scheme: 'bearer',
          params: {
            realm: 'https://auth.docker.io/token',
            service: 'registry.docker.io',
            scope: 'repository:library/alpine:pull',
          },
        },
      ],
    ],
    ['Basic realm="Registry Realm"', [{ scheme: 'basic', params: { realm: 'Registry Realm' } }]],
    ['basic realm=unquoted', [{ scheme: 'basic', params: { realm: 'unquoted' } }]],
    [
      'Basic realm="a", Bearer realm="https://t/x",error="insufficient_scope"',
      [
        { scheme: 'basic', params: { realm: 'a' } },
        { scheme: 'bearer', params: { realm: 'https://t/x', error: 'insufficient_scope' } },
      ],
    ],
    [
      'Bearer realm="q\\"uote",service="s"',
      [{ scheme: 'bearer', params: { realm: 'q"uote', service: 's' } }],
    ],
    ['Negotiate abc==', [{ scheme: 'negotiate', params: {}, token68: 'abc==' }]],
    ['Bearer  REALM = "x" , Service="y"', [{ scheme: 'bearer', params: { realm: 'x', service: 'y' } }]],
    ['', []],
  ])('%s', (header, expected) => {
    const got = parseChallenges(header).map((c) => ({ ...c, params: { ...c.params } }));
    expect(got).toEqual(expected);
  });

  it('keeps parameter names like constructor/__proto__ as plain data', () => {
    const [c] = parseChallenges('Bearer constructor="a",__proto__="b",realm="r"');
    expect(c!.params.constructor).toBe('a');
    expect(Object.getPrototypeOf(c!.params)).toBe(null);
    expect(c!.params.realm).toBe('r');
  });

  it('round-trips generated challenges', () => {
    const token = fc.stringMatching(/^[a-z][a-z0-9_-]{0,10}$/);
    const value = fc.string({ maxLength: 40 }).filter((s) => [...s].every((ch) => ch.charCodeAt(0) >= 0x20));
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.tuple(token, value), { minLength: 1, maxLength: 5, selector: (t) => t[0] }),
        (params) => {
          const header = `Bearer ${params.map(([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(', ')}`;
          const [c] = parseChallenges(header);
          expect(c?.scheme).toBe('bearer');
          expect({ ...c!.params }).toEqual(Object.fromEntries(params));
        },
      ),
    );
  });

  it('never throws on arbitrary input', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (s) => {
        expect(Array.isArray(parseChallenges(s))).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('scopes', () => {
  it.each([
    [['repository:a:pull', 'repository:a:push'], ['repository:a:pull,push']],
    [
      ['repository:a:push,pull', 'repository:b:pull'],
      ['repository:a:pull,push', 'repository:b:pull'],
    ],
    [['registry:catalog:*'], ['registry:catalog:*']],
  ])('merge %j', (input, out) => {
    expect(mergeScopes(input)).toEqual(out);
  });

  it.each([
    [['repository:a:pull,push'], ['repository:a:pull'], true],
    [['repository:a:pull'], ['repository:a:pull,push'], false],
    [['repository:a:pull'], ['repository:b:pull'], false],
    [['repository:a:*'], ['repository:a:push'], true],
  ])('%j covers %j → %s', (have, want, ok) => {
    expect(scopesCover(have, want)).toBe(ok);
  });
});

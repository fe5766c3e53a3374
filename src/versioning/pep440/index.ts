// Python package versions (PEP 440), via @renovatebot/pep440.
// ref: https://packaging.python.org/en/latest/specifications/version-specifiers/
import { compare as pepCompare, valid } from '@renovatebot/pep440';
import { defineScheme, type Scheme } from '../define.js';

export const scheme: Scheme<string> = defineScheme({
  id: 'pep440',
  urls: [
    'https://peps.python.org/pep-0440/',
    'https://packaging.python.org/en/latest/specifications/version-specifiers/',
  ],
  // The library normalises on every call; keep the input and let it compare.
  parse: (v) => (valid(v) === null ? null : v),
  compareParsed: (a, b) => pepCompare(a, b),
});

export const { id, urls, parse, compare, isValid } = scheme;
export default scheme;

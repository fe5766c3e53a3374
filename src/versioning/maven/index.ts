// Maven versions (ComparableVersion): `.` and `-` separate items, and so does a switch between
// digits and letters (1.0alpha1 → [1, [alpha, 1]]); well-known qualifiers order as
// alpha < beta < milestone < rc = cr < snapshot < "" = ga = final = release < sp, unknown ones after,
// case-insensitively. ref: https://maven.apache.org/pom.html#version-order-specification
import { hasSpaceOrControl, defineScheme, type Scheme } from '../define.js';
import { compareItems, normalize, strItem, type Item, type ListItem } from './items.js';

// Maven rejects longer strings (ComparableVersion.MAX_VERSION_LENGTH), bounding nesting depth.
const MAX_LENGTH = 256;

const isAsciiDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';
// Java's Character.isDigit, used where Maven uses it (a digit after `-`, the split of a combination).
const UNICODE_DIGIT = /\p{Nd}/u;

function numberItem(digits: string): Item {
  return { kind: 'num', value: BigInt(digits === '' ? '0' : digits) };
}

function comboItem(value: string): Item {
  let index = 0;
  for (let i = 0; i < value.length; i++) {
    if (UNICODE_DIGIT.test(value[i]!)) {
      index = i;
      break;
    }
  }
  return { kind: 'combo', str: strItem(value.slice(0, index), true), digits: numberItem(value.slice(index)) };
}

function parseItem(isCombination: boolean, isDigit: boolean, buf: string): Item {
  if (isCombination) return comboItem(buf.replaceAll('-', ''));
  if (isDigit) return numberItem(buf);
  return strItem(buf, false);
}

export function parseMaven(input: string): ListItem | null {
  if (input === '' || input.length > MAX_LENGTH || hasSpaceOrControl(input)) return null;
  const v = input.toLowerCase();
  const root: ListItem = { kind: 'list', items: [] };
  let list = root;
  const stack: ListItem[] = [root];
  const openList = (): void => {
    const next: ListItem = { kind: 'list', items: [] };
    list.items.push(next);
    list = next;
    stack.push(next);
  };
  let isDigit = false;
  let isCombination = false;
  let start = 0;
  for (let i = 0; i < v.length; i++) {
    const c = v[i]!;
    if (c === '.') {
      list.items.push(i === start ? numberItem('0') : parseItem(isCombination, isDigit, v.slice(start, i)));
      isCombination = false;
      start = i + 1;
    } else if (c === '-') {
      if (i === start) {
        list.items.push(numberItem('0'));
      } else {
        // X-1 is read as X1.
        if (!isDigit && i !== v.length - 1 && UNICODE_DIGIT.test(v[i + 1]!)) {
          isCombination = true;
          continue;
        }
        list.items.push(parseItem(isCombination, isDigit, v.slice(start, i)));
      }
      start = i + 1;
      if (list.items.length > 0) openList();
      isCombination = false;
    } else if (isAsciiDigit(c)) {
      if (!isDigit && i > start) {
        isCombination = true; // X1
        if (list.items.length > 0) openList();
      }
      isDigit = true;
    } else {
      if (isDigit && i > start) {
        list.items.push(parseItem(isCombination, true, v.slice(start, i)));
        start = i;
        openList();
        isCombination = false;
      }
      isDigit = false;
    }
  }
  if (v.length > start) {
    // 1.0.0.X1 < 1.0.0-X2: treat .X as -X for any string qualifier X.
    if (!isDigit && list.items.length > 0) openList();
    list.items.push(parseItem(isCombination, isDigit, v.slice(start)));
  }
  while (stack.length) normalize(stack.pop()!);
  return root;
}

export const scheme: Scheme<ListItem> = defineScheme({
  id: 'maven',
  urls: [
    'https://maven.apache.org/pom.html#version-order-specification',
    'https://maven.apache.org/ref/current/maven-artifact/apidocs/org/apache/maven/artifact/versioning/ComparableVersion.html',
  ],
  parse: parseMaven,
  compareParsed: (a: ListItem, b: ListItem) => compareItems(a, b),
});

export const { id, urls, parse, compare, isValid } = scheme;
export default scheme;

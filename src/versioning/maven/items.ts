// The item model of Maven's ComparableVersion: a version is a list of numbers, qualifiers,
// qualifier+number combinations and nested lists (a `-` opens a sub-list).
// ref: https://maven.apache.org/pom.html#version-order-specification and apache/maven
// maven-artifact ComparableVersion (the reference behaviour this module reproduces).

export type Item =
  | { kind: 'num'; value: bigint }
  | { kind: 'str'; value: string }
  | { kind: 'combo'; str: StrItem; digits: Item }
  | ListItem;
export type StrItem = { kind: 'str'; value: string };
export interface ListItem {
  kind: 'list';
  items: Item[];
}

// Known qualifiers, least to greatest; "" is a release. Unknown qualifiers sort after all of them,
// lexically. `ga`, `final` and `release` equal a release; `cr` is `rc`.
const QUALIFIERS = ['alpha', 'beta', 'milestone', 'rc', 'snapshot', '', 'sp'];
const RELEASE_QUALIFIERS = new Set(['ga', 'final', 'release']);
const RELEASE_INDEX = String(QUALIFIERS.indexOf(''));

export function strItem(value: string, followedByDigit: boolean): StrItem {
  let v = value;
  if (followedByDigit && v.length === 1) {
    // a1 = alpha-1, b1 = beta-1, m1 = milestone-1
    if (v === 'a') v = 'alpha';
    else if (v === 'b') v = 'beta';
    else if (v === 'm') v = 'milestone';
  }
  if (v === 'cr') v = 'rc';
  return { kind: 'str', value: v };
}

function comparableQualifier(q: string): string {
  if (RELEASE_QUALIFIERS.has(q)) return RELEASE_INDEX;
  const i = QUALIFIERS.indexOf(q);
  return i === -1 ? `${QUALIFIERS.length}-${q}` : String(i);
}

function cmpStr(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function isNullItem(item: Item): boolean {
  switch (item.kind) {
    case 'num':
      return item.value === 0n;
    case 'str':
      return item.value === '';
    case 'combo':
      return false;
    case 'list':
      return item.items.length === 0;
  }
}

/** Compare an item with "nothing" (the shorter side of a list comparison). */
export function compareWithNull(item: Item): number {
  switch (item.kind) {
    case 'num':
      return item.value === 0n ? 0 : 1; // 1.0 == 1, 1.1 > 1
    case 'str':
      return cmpStr(comparableQualifier(item.value), RELEASE_INDEX); // 1-rc < 1, 1-ga == 1, 1-sp > 1
    case 'combo': {
      // 1-rc1 < 1; for a release-equivalent qualifier the number decides: 1-ga1 > 1.
      const r = compareWithNull(item.str);
      return r === 0 ? compareWithNull(item.digits) : r;
    }
    case 'list':
      // The whole list counts, not just its first item (MNG-6964).
      for (const i of item.items) {
        const r = compareWithNull(i);
        if (r !== 0) return r;
      }
      return 0;
  }
}

export function compareItems(a: Item, b: Item): number {
  switch (a.kind) {
    case 'num':
      if (b.kind === 'num') return a.value < b.value ? -1 : a.value > b.value ? 1 : 0;
      return 1; // 1.1 > 1-sp, 1.1 > 1-1, numbers beat qualifiers
    case 'str':
      switch (b.kind) {
        case 'num':
          return -1;
        case 'str':
          return cmpStr(comparableQualifier(a.value), comparableQualifier(b.value));
        case 'combo': {
          const r = compareItems(a, b.str);
          if (r !== 0) return r;
          return compareWithNull(a) === 0 ? -compareWithNull(b.digits) : -1;
        }
        case 'list':
          return -compareItems(b, a);
      }
      break;
    case 'combo':
      switch (b.kind) {
        case 'num':
          return -1;
        case 'str': {
          const r = compareItems(a.str, b);
          if (r !== 0) return r;
          return compareWithNull(a.str) === 0 ? compareWithNull(a.digits) : 1; // X1 > X
        }
        case 'list':
          return -compareItems(b, a);
        case 'combo':
          return compareItems(a.str, b.str) || compareItems(a.digits, b.digits);
      }
      break;
    case 'list':
      switch (b.kind) {
        case 'num':
          return -1; // 1-1 < 1.0.x
        case 'str':
        case 'combo': {
          let r = a.items.length === 0 ? -compareWithNull(b) : compareItems(a.items[0]!, b);
          for (let i = 1; r === 0 && i < a.items.length; i++) r = compareWithNull(a.items[i]!);
          return r;
        }
        case 'list': {
          const n = Math.max(a.items.length, b.items.length);
          for (let i = 0; i < n; i++) {
            const l = a.items[i];
            const r = b.items[i];
            const c =
              l === undefined
                ? r === undefined
                  ? 0
                  : -compareWithNull(r)
                : r === undefined
                  ? compareWithNull(l)
                  : compareItems(l, r);
            if (c !== 0) return c;
          }
          return 0;
        }
      }
  }
  return 0;
}

/** Drop trailing null items (1.0 → 1, 1-0 → 1) and null items before qualifiers, as Maven does. */
export function normalize(list: ListItem): void {
  const items = list.items;
  for (let i = items.length - 1; i >= 0; i--) {
    if (!isNullItem(items[i]!)) continue;
    const next = items[i + 1];
    if (next === undefined || next.kind === 'str') {
      items.splice(i, 1);
    } else if (next.kind === 'list') {
      const first = next.items[0];
      if (first !== undefined && (first.kind === 'combo' || first.kind === 'str')) items.splice(i, 1);
    }
  }
  const only = items[0];
  if (items.length === 1 && only?.kind === 'list') {
    // Removing a zero prefix must not leave an extra qualifier nesting level.
    const inner = only.items;
    items.length = 0;
    items.push(...inner);
  }
}

// Value extraction from Kubernetes audit events with the semantics of falcosecurity/plugins
// `plugins/k8saudit/pkg/k8saudit/extract.go` (plugins 0b3cbd8): values are strings, non-string JSON
// values are rendered as compact JSON, and list fields with no values are "not available".
// Written from that behaviour, not translated.

export type Json = unknown;

/** Marker for "field not available" inside the recursive walk (extract.go ErrExtractNotAvailable). */
const NA = Symbol('not available');

function get(v: Json, key: string): Json | undefined {
  if (Array.isArray(v)) {
    if (!/^\d+$/.test(key)) return undefined;
    return v[Number(key)];
  }
  if (v !== null && typeof v === 'object') {
    return Object.prototype.hasOwnProperty.call(v, key) ? (v as Record<string, Json>)[key] : undefined;
  }
  return undefined;
}

export function getPath(v: Json, keys: readonly string[]): Json | undefined {
  let cur: Json | undefined = v;
  for (const k of keys) {
    if (cur === undefined) return undefined;
    cur = get(cur, k);
  }
  return cur;
}

/** fastjson's String(): strings as-is, anything else as compact JSON. */
export function asString(v: Json): string | undefined {
  if (v === undefined) return undefined;
  if (typeof v === 'string') return v;
  return JSON.stringify(v);
}

/**
 * getValuesRecursive: walk `keys`, fanning out over every array met on the way (or picking element
 * `index` when one is given). Missing branches yield `undefined` entries, as extract.go yields nil.
 */
export function valuesRecursive(
  v: Json,
  index: number | undefined,
  keys: readonly string[],
): Json[] | typeof NA {
  let cur: Json = v;
  for (let i = 0; i < keys.length; i++) {
    if (Array.isArray(cur)) {
      if (index === undefined) {
        const res: Json[] = [];
        for (const el of cur) {
          const sub = valuesRecursive(el, index, keys.slice(i));
          if (sub === NA) res.push(undefined);
          else res.push(...sub);
        }
        return res;
      }
      if (index >= cur.length) return NA;
      cur = cur[index];
    }
    const k = keys[i]!;
    const next: Json | undefined = k.length > 0 ? get(cur, k) : cur;
    if (next === undefined) return NA;
    cur = next;
  }
  return [cur];
}

export function isNA(v: unknown): v is typeof NA {
  return v === NA;
}

/** arrayAsStringsSkipNil. */
export function stringsSkipNil(values: Json[]): string[] {
  const out: string[] = [];
  for (const v of values) {
    const s = v === undefined ? undefined : asString(v);
    if (s !== undefined) out.push(s);
  }
  return out;
}

/** arrayAsStrings: any missing entry makes the whole extraction fail. */
export function stringsStrict(values: Json[]): string[] | undefined {
  const out: string[] = [];
  for (const v of values) {
    if (v === undefined) return undefined;
    out.push(asString(v)!);
  }
  return out;
}

/** Repository part of an image reference: before the first ':' and then before '@' (as extract.go). */
export function imageRepository(image: string): string {
  return image.split(':')[0]!.split('@')[0]!;
}

/** Join each container's string array (command, args) with spaces; wrong types fail the field. */
export function joinedStringArrays(values: Json[]): string[] | undefined {
  const out: string[] = [];
  for (const v of values) {
    if (v === undefined || v === null) continue;
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) return undefined;
    out.push((v as string[]).join(' '));
  }
  return out.length ? out : undefined;
}

/** hostPort, else containerPort, for each port of each container. */
export function hostPorts(values: Json[]): string[] | undefined {
  const out: string[] = [];
  for (const ports of values) {
    if (ports === undefined || ports === null) continue;
    if (!Array.isArray(ports)) return undefined;
    for (const p of ports) {
      const hp = get(p, 'hostPort');
      const cp = get(p, 'containerPort');
      if (hp !== undefined) out.push(asString(hp)!);
      else if (cp !== undefined) out.push(asString(cp)!);
    }
  }
  return out;
}

/** Subject names of one kind from a (Cluster)RoleBinding; `NamespacedServiceAccount` gives `ns:name`. */
export function subjectNames(ev: Json, kind: string): string[] | undefined {
  const subjects = getPath(ev, ['requestObject', 'subjects']);
  if (subjects === undefined) return [];
  if (!Array.isArray(subjects)) return undefined;
  const namespaced = kind === 'NamespacedServiceAccount';
  const want = namespaced ? 'ServiceAccount' : kind;
  const out: string[] = [];
  for (const s of subjects) {
    const k = get(s, 'kind');
    const n = get(s, 'name');
    if (k === undefined || n === undefined || asString(k) !== want) continue;
    let name = asString(n)!;
    if (namespaced) {
      const ns = get(s, 'namespace');
      if (ns === undefined) continue;
      name = `${asString(ns)}:${name}`;
    }
    out.push(name);
  }
  return out;
}

/** Every volume's keys except `name` (extract.go volume_type). */
export function volumeTypes(values: Json[]): string[] {
  const out: string[] = [];
  for (const v of values) {
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      for (const k of Object.keys(v)) if (k !== 'name') out.push(k);
    }
  }
  return out;
}

/** First value of a query parameter of the request URI. */
export function uriParam(uri: string, key: string): string | undefined {
  try {
    const u = new URL(uri, 'http://localhost');
    return u.searchParams.get(key) ?? undefined;
  } catch {
    return undefined;
  }
}

/** RFC 6901 JSON pointer as the json plugin walks it (leading `/` optional, `~1`→`/`, `~0`→`~`). */
export function jsonPointer(doc: Json, pointer: string): Json | undefined {
  if (pointer.length === 0) return doc;
  const p = pointer.startsWith('/') ? pointer.slice(1) : pointer;
  let cur: Json | undefined = doc;
  for (const raw of p.split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    cur = get(cur, key);
    if (cur === undefined) return undefined;
  }
  return cur;
}

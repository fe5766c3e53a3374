// uid/gid → names from the passwd and group files a process sees (its root may be a container's),
// as libsinsp's user and group tables do. Cached per root for a short time.
import { readFileSync, statSync } from 'node:fs';

const MAX_FILE = 4 * 1024 * 1024;

export function parseIdFile(text: string): Map<number, string> {
  const out = new Map<number, string>();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const f = line.split(':');
    if (f.length < 3) continue;
    const id = Number(f[2]);
    if (Number.isInteger(id) && id >= 0 && !out.has(id) && f[0]) out.set(id, f[0]);
  }
  return out;
}

function load(path: string): Map<number, string> {
  try {
    if (statSync(path).size > MAX_FILE) return new Map();
    return parseIdFile(readFileSync(path, 'utf8'));
  } catch {
    return new Map();
  }
}

interface Entry {
  users: Map<number, string>;
  groups: Map<number, string>;
  at: number;
}

export class UserDb {
  private readonly cache = new Map<string, Entry>();

  constructor(private readonly ttlMs = 30_000) {}

  private entry(root: string): Entry {
    const hit = this.cache.get(root);
    if (hit && Date.now() - hit.at < this.ttlMs) return hit;
    const e = { users: load(`${root}/etc/passwd`), groups: load(`${root}/etc/group`), at: Date.now() };
    if (this.cache.size > 1024) this.cache.clear();
    this.cache.set(root, e);
    return e;
  }

  /** Name for a uid; Falco prints `<NA>` when unknown, so null here. */
  user(root: string, uid: number): string | null {
    return this.entry(root).users.get(uid) ?? null;
  }

  group(root: string, gid: number): string | null {
    return this.entry(root).groups.get(gid) ?? null;
  }
}

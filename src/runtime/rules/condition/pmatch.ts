// `pmatch`: path-prefix search as libs `prefix_search.h` defines it. A path matches when one of the
// search paths is a prefix of it component by component (`/var/run` matches `/var/run/docker`, not
// `/var/running`, and `/var` alone does not match the search path `/var/run`). Components containing
// `?`, `*` or `[` are globs.
import { globToRegExp } from './glob.js';

interface Node {
  /** A search path ends here: everything below matches. */
  terminal: boolean;
  dirs: Map<string, Node>;
  globs: { re: RegExp; node: Node }[];
}

function node(): Node {
  return { terminal: false, dirs: new Map(), globs: [] };
}

function split(path: string): string[] {
  return path.split('/').filter((c) => c.length > 0);
}

export class PathPrefixSet {
  private readonly root = node();

  constructor(paths: Iterable<string>) {
    for (const p of paths) this.add(p);
  }

  add(path: string): void {
    let cur = this.root;
    for (const comp of split(path)) {
      if (cur.terminal) return; // a shorter prefix already covers this path
      const isGlob = /[?*[]/.test(comp);
      let next: Node | undefined;
      if (isGlob) {
        next = cur.globs.find((g) => g.re.source === globToRegExp(comp).source)?.node;
        if (!next) {
          next = node();
          cur.globs.push({ re: globToRegExp(comp), node: next });
        }
      } else {
        next = cur.dirs.get(comp);
        if (!next) {
          next = node();
          cur.dirs.set(comp, next);
        }
      }
      cur = next;
    }
    // This path is a prefix of anything below it: drop the subtree.
    cur.terminal = true;
    cur.dirs.clear();
    cur.globs = [];
  }

  match(path: string): boolean {
    return this.matchFrom(this.root, split(path), 0);
  }

  private matchFrom(n: Node, comps: string[], i: number): boolean {
    if (n.terminal) return true;
    if (i >= comps.length) return n.terminal;
    const c = comps[i]!;
    const d = n.dirs.get(c);
    if (d && this.matchFrom(d, comps, i + 1)) return true;
    for (const g of n.globs) if (g.re.test(c) && this.matchFrom(g.node, comps, i + 1)) return true;
    return false;
  }
}

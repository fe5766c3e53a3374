// cgroup v2 id → cgroup path. bpftrace's `cgroup` builtin is the id (the inode number of the
// cgroup's directory in the v2 hierarchy); when a short-lived process is gone before /proc/PID/cgroup
// can be read, its cgroup id still names its container. Lookups walk the v2 mount once per unknown
// id (bounded) and cache every directory seen.
import { readdirSync, statSync } from 'node:fs';
import { readFileSync } from 'node:fs';

/** Where the cgroup v2 hierarchy is mounted: /sys/fs/cgroup (unified) or …/unified (hybrid). */
export function cgroup2Mount(mounts = '/proc/self/mounts'): string | null {
  try {
    for (const line of readFileSync(mounts, 'utf8').split('\n')) {
      const f = line.split(' ');
      if (f[2] === 'cgroup2' && f[1]) return f[1].replace(/\\040/g, ' ');
    }
  } catch {
    /* no /proc */
  }
  return null;
}

export class CgroupIdIndex {
  private readonly byId = new Map<number, string>();
  private lastScan = 0;

  constructor(
    private readonly root: string | null = cgroup2Mount(),
    private readonly maxDirs = 50_000,
    private readonly minRescanMs = 1000,
  ) {}

  /** The cgroup path (relative to the v2 root, starting with `/`) for an id, or null. */
  path(id: number): string | null {
    if (!this.root || !Number.isFinite(id) || id <= 0) return null;
    const hit = this.byId.get(id);
    if (hit !== undefined) return hit;
    if (Date.now() - this.lastScan < this.minRescanMs) return null;
    this.scan();
    return this.byId.get(id) ?? null;
  }

  private scan(): void {
    this.lastScan = Date.now();
    if (this.byId.size > this.maxDirs) this.byId.clear();
    const root = this.root!;
    const stack = [''];
    let seen = 0;
    while (stack.length && seen < this.maxDirs) {
      const rel = stack.pop()!;
      let ino: number;
      try {
        ino = statSync(`${root}${rel}`).ino;
      } catch {
        continue;
      }
      seen++;
      this.byId.set(ino, rel || '/');
      let names: string[];
      try {
        names = readdirSync(`${root}${rel}`, { withFileTypes: true })
          .filter((d) => d.isDirectory())
          .map((d) => d.name);
      } catch {
        continue;
      }
      for (const n of names) stack.push(`${rel}/${n}`);
    }
  }
}

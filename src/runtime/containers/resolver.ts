// Process → container: the cgroup matchers plus runtime metadata, cached by cgroup path (LRU).
// Never answers `<NA>`: a process whose cgroup matches gets the id from the path itself, whether or
// not the runtime's state could be read; only names and images may be unknown (null).
import { readFileSync, readlinkSync } from 'node:fs';
import { DEFAULT_ENGINES, matchProcCgroup, type ContainerRuntime } from './cgroup.js';
import { Lru } from './lru.js';
import {
  DEFAULT_ROOTS,
  HOST_CONTAINER,
  lookupMetadata,
  type ContainerInfo,
  type MetadataRoots,
} from './metadata.js';

export interface ResolverOptions {
  procRoot?: string;
  engines?: readonly ContainerRuntime[];
  roots?: MetadataRoots;
  cacheSize?: number;
  /** Mount namespace inode of the host; defaults to /proc/1/ns/mnt, else our own. */
  hostMntNs?: number | null;
  /**
   * Retry a metadata lookup that found nothing after this many ms (default 100). The runtime
   * writes its state (runc's state.json) while the container's first processes already run, and a
   * process's container facts are taken at its exec: a long retry gave every process started in
   * the next seconds no name or image (seen in the live runc test under load).
   */
  retryMs?: number;
}

function nsInode(link: string): number | null {
  try {
    const m = /\[(\d+)\]/.exec(readlinkSync(link));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

interface Cached {
  info: ContainerInfo;
  complete: boolean;
  at: number;
}

export class ContainerResolver {
  readonly procRoot: string;
  readonly hostMntNs: number | null;
  private readonly engines: readonly ContainerRuntime[];
  private readonly roots: MetadataRoots;
  private readonly retryMs: number;
  private readonly byCgroupText: Lru<string, Cached>;
  private readonly byFullId: Lru<string, Cached>;
  lookups = 0;

  constructor(opts: ResolverOptions = {}) {
    this.procRoot = opts.procRoot ?? '/proc';
    this.engines = opts.engines ?? DEFAULT_ENGINES;
    this.roots = opts.roots ?? DEFAULT_ROOTS;
    this.retryMs = opts.retryMs ?? 100;
    const size = opts.cacheSize ?? 4096;
    this.byCgroupText = new Lru(size);
    this.byFullId = new Lru(size);
    this.hostMntNs =
      opts.hostMntNs !== undefined
        ? opts.hostMntNs
        : (nsInode(`${this.procRoot}/1/ns/mnt`) ?? nsInode(`${this.procRoot}/self/ns/mnt`));
  }

  /**
   * The container for a /proc/PID/cgroup text. `mntNs` (the process's mount namespace inode)
   * confirms containerd-style ids that are not 64 hex: a process sharing the host's mount
   * namespace is not in a container, whatever its cgroup is called (e.g. a session cgroup
   * `/process_api/<32 hex>` that the containerd matcher alone would take for a container).
   */
  fromCgroupText(text: string, mntNs?: number | null): ContainerInfo {
    const key = `${mntNs ?? ''}\n${text}`;
    const hit = this.byCgroupText.get(key);
    if (hit && (hit.complete || Date.now() - hit.at < this.retryMs)) return hit.info;
    const m = matchProcCgroup(text, this.engines);
    let info: ContainerInfo = HOST_CONTAINER;
    let complete = true;
    if (m && !(m.arbitraryId && mntNs != null && this.hostMntNs != null && mntNs === this.hostMntNs)) {
      const r = this.metadata(m);
      info = r.info;
      complete = r.complete;
    }
    this.byCgroupText.set(key, { info, complete, at: Date.now() });
    return info;
  }

  /** Resolve a live process; null when /proc/PID is gone (the caller falls back to the parent). */
  forPid(pid: number, mntNs?: number | null): ContainerInfo | null {
    let text: string;
    try {
      text = readFileSync(`${this.procRoot}/${pid}/cgroup`, 'utf8');
    } catch {
      return null;
    }
    return this.fromCgroupText(text, mntNs ?? nsInode(`${this.procRoot}/${pid}/ns/mnt`));
  }

  private metadata(m: Parameters<typeof lookupMetadata>[0]): { info: ContainerInfo; complete: boolean } {
    const hit = this.byFullId.get(m.fullId);
    if (hit && (hit.complete || Date.now() - hit.at < this.retryMs)) return hit;
    this.lookups++;
    const info = lookupMetadata(m, this.roots);
    const complete = info.name !== null;
    this.byFullId.set(m.fullId, { info, complete, at: Date.now() });
    return { info, complete };
  }
}

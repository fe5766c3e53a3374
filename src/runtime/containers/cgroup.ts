// cgroup path → container id, following the Falco container plugin's matchers.
// ref: falcosecurity/plugins @0b3cbd8 plugins/container/src/matchers/{runc,docker,podman,cri,containerd}.cpp.
// `matchOne` is runc.cpp::match_one_container_id: the LAST occurrence of the prefix, then the last
// occurrence of the suffix; a 64-hex id is truncated to 12 characters; shorter or non-hex ids are
// accepted only for containerd, and never for systemd host units (.service, .slice, .scope).

export const SHORT_ID_LENGTH = 12;
const FULL_ID_LENGTH = 64;
const HEX64 = /^[0-9a-fA-F]{64}$/;

export type ContainerRuntime = 'podman' | 'docker' | 'cri' | 'containerd';

interface Layout {
  prefix: string;
  suffix: string;
}

/** Prefix/suffix pairs per engine, in the plugin's order. */
export const LAYOUTS: Record<Exclude<ContainerRuntime, 'containerd'>, readonly Layout[]> = {
  podman: [
    { prefix: '/libpod-', suffix: '.scope' },
    { prefix: '/libpod-', suffix: '.scope/container' },
    { prefix: '/libpod-', suffix: '' },
  ],
  docker: [
    { prefix: '/', suffix: '' }, // cgroupfs driver, also plain `runc run <id>`
    { prefix: '/docker-', suffix: '.scope' }, // systemd driver
  ],
  cri: [
    { prefix: '/', suffix: '' }, // non-systemd containerd
    { prefix: '/crio-', suffix: '' }, // non-systemd cri-o
    { prefix: '/cri-containerd-', suffix: '.scope' }, // systemd containerd
    { prefix: '/crio-', suffix: '.scope' }, // systemd cri-o
    { prefix: ':cri-containerd:', suffix: '' }, // containerd without SystemdCgroup = true
    { prefix: '/docker-', suffix: '.scope' }, // cri-dockerd
    { prefix: '/nerdctl-', suffix: '.scope' }, // nerdctl with the systemd driver
  ],
};

/** The plugin's default engine order (matcher.cpp). */
export const DEFAULT_ENGINES: readonly ContainerRuntime[] = ['podman', 'docker', 'cri', 'containerd'];

export interface CgroupMatch {
  /** 12-character id as Falco reports it. */
  id: string;
  /** The untruncated id as found in the path (64 hex for runc-style runtimes). */
  fullId: string;
  runtime: ContainerRuntime;
  /** True when the id is not 64 hex (containerd namespaces with arbitrary ids). */
  arbitraryId: boolean;
}

function matchOne(cgroup: string, { prefix, suffix }: Layout, isContainerd: boolean) {
  const p = cgroup.lastIndexOf(prefix);
  if (p < 0) return null;
  const start = p + prefix.length;
  const end = suffix === '' ? cgroup.length : cgroup.lastIndexOf(suffix);
  if (end < start) return null;
  const candidate = cgroup.slice(start, end);
  if (candidate.length === FULL_ID_LENGTH && HEX64.test(candidate)) {
    return { id: candidate.slice(0, SHORT_ID_LENGTH), fullId: candidate, arbitraryId: false };
  }
  if (candidate.length > FULL_ID_LENGTH || candidate.length === 0) return null;
  if (!isContainerd) return null;
  if (/\.(service|slice|scope)$/.test(cgroup)) return null;
  // An id that still contains a path separator is a nested host cgroup, not a container id.
  if (candidate.includes('/')) return null;
  return { id: candidate.slice(0, SHORT_ID_LENGTH), fullId: candidate, arbitraryId: true };
}

// containerd.cpp: `ctr` containers live at /<namespace>/<id>; the namespace is the first path
// component that looks like a containerd namespace name.
const CONTAINERD_NS = /\/([A-Za-z0-9]+(?:[._-][A-Za-z0-9]+)*)\//;

/** Match one cgroup path against the engines, in order. */
export function matchCgroupPath(
  path: string,
  engines: readonly ContainerRuntime[] = DEFAULT_ENGINES,
): CgroupMatch | null {
  if (!path || path === '/') return null;
  for (const runtime of engines) {
    if (runtime === 'containerd') {
      const ns = CONTAINERD_NS.exec(path);
      if (!ns) continue;
      const m = matchOne(path, { prefix: ns[0], suffix: '' }, true);
      if (m) return { ...m, runtime };
      continue;
    }
    for (const layout of LAYOUTS[runtime]) {
      const m = matchOne(path, layout, false);
      if (m) return { ...m, runtime };
    }
  }
  return null;
}

export interface CgroupLine {
  hierarchy: string;
  controllers: string;
  path: string;
}

/** Parse /proc/PID/cgroup (`hierarchy-ID:controller-list:cgroup-path` per line). Never throws. */
export function parseProcCgroup(text: string): CgroupLine[] {
  const out: CgroupLine[] = [];
  for (const line of text.split('\n')) {
    if (!line) continue;
    const a = line.indexOf(':');
    const b = a < 0 ? -1 : line.indexOf(':', a + 1);
    if (a < 0 || b < 0) continue;
    out.push({ hierarchy: line.slice(0, a), controllers: line.slice(a + 1, b), path: line.slice(b + 1) });
  }
  return out;
}

/**
 * The container a process belongs to, from its /proc/PID/cgroup text: the first line whose path
 * matches (as the plugin iterates the thread's cgroups), or null for a host process.
 */
export function matchProcCgroup(
  text: string,
  engines: readonly ContainerRuntime[] = DEFAULT_ENGINES,
): (CgroupMatch & { cgroup: string }) | null {
  let arbitrary: (CgroupMatch & { cgroup: string }) | null = null;
  for (const line of parseProcCgroup(text)) {
    const m = matchCgroupPath(line.path, engines);
    if (!m) continue;
    // A 64-hex id is unambiguous; prefer it over a containerd-style arbitrary id on another line.
    if (!m.arbitraryId) return { ...m, cgroup: line.path };
    arbitrary ??= { ...m, cgroup: line.path };
  }
  return arbitrary;
}

// Container name, image and Kubernetes labels from the container runtime's own state on disk.
// Read synchronously and cached by the caller: state files are small and local, and an event must
// carry its metadata when the rules see it (the asynchronous lookup is where Falco's `<NA>` comes
// from: falco#1910, #2065, #2498, #3018, #3533).
// Sources, in order:
//  - runc-style state dirs (runc, Docker's moby runtime dir, containerd's per-namespace dirs):
//    <root>/<id>/state.json; runc copies the bundle's annotations into config.labels (`key=value`)
//    next to `bundle=<path>`.
//  - Docker: /var/lib/docker/containers/<id>/config.v2.json (Name, Config.Image, Config.Labels)
//    and hostconfig.json (Privileged).
//  - Podman: <storage>/overlay-containers/containers.json (names, metadata.image-name).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { splitImageRef } from './image-ref.js';
import type { CgroupMatch, ContainerRuntime } from './cgroup.js';

export interface ContainerInfo {
  /** 12-character id, or `host`. */
  id: string;
  fullId: string;
  runtime: ContainerRuntime | 'host';
  name: string | null;
  image: string | null;
  imageRepository: string | null;
  imageTag: string | null;
  imageDigest: string | null;
  privileged: boolean | null;
  /** Creation time, nanoseconds since the epoch. */
  startTs: number | null;
  labels: Record<string, string>;
  k8sNamespace: string | null;
  k8sPodName: string | null;
  k8sPodUid: string | null;
  mounts: { source: string; destination: string }[];
}

export const HOST_CONTAINER: ContainerInfo = Object.freeze({
  id: 'host',
  fullId: 'host',
  runtime: 'host',
  name: 'host',
  image: null,
  imageRepository: null,
  imageTag: null,
  imageDigest: null,
  privileged: null,
  startTs: null,
  labels: {},
  k8sNamespace: null,
  k8sPodName: null,
  k8sPodUid: null,
  mounts: [],
}) as ContainerInfo;

export interface MetadataRoots {
  /** runc-style state roots holding <id>/state.json. `*` expands to every child dir (namespaces). */
  stateRoots: string[];
  dockerRoot: string;
  podmanStorage: string;
}

export const DEFAULT_ROOTS: MetadataRoots = {
  stateRoots: ['/run/runc', '/run/docker/runtime-runc/moby', '/run/containerd/runc/*', '/run/crun'],
  dockerRoot: '/var/lib/docker',
  podmanStorage: '/var/lib/containers/storage',
};

const MAX_STATE_BYTES = 8 * 1024 * 1024;

function readJson(path: string): unknown {
  try {
    const st = statSync(path);
    if (!st.isFile() || st.size > MAX_STATE_BYTES) return null;
    return JSON.parse(readFileSync(path, 'utf8')) as unknown;
  } catch {
    return null;
  }
}

function obj(v: unknown): Record<string, unknown> {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

function str(v: unknown): string | null {
  return typeof v === 'string' && v !== '' ? v : null;
}

function expandRoots(roots: string[]): string[] {
  const out: string[] = [];
  for (const r of roots) {
    if (!r.endsWith('/*')) {
      out.push(r);
      continue;
    }
    const base = r.slice(0, -2);
    try {
      for (const d of readdirSync(base)) out.push(join(base, d));
    } catch {
      /* runtime not installed */
    }
  }
  return out;
}

// Annotation and label keys that carry names, images and pod identity, per runtime.
const NAME_KEYS = ['io.kubernetes.cri.container-name', 'io.kubernetes.container.name', 'nerdctl/name'];
const IMAGE_KEYS = [
  'io.kubernetes.cri.image-name',
  'io.kubernetes.cri-o.ImageName',
  'io.containerd.image.name',
  'org.opencontainers.image.ref.name',
  'org.opencontainers.image.base.name',
];
const NS_KEYS = ['io.kubernetes.cri.sandbox-namespace', 'io.kubernetes.pod.namespace'];
const POD_KEYS = ['io.kubernetes.cri.sandbox-name', 'io.kubernetes.pod.name'];
const UID_KEYS = ['io.kubernetes.cri.sandbox-uid', 'io.kubernetes.pod.uid'];

function pick(labels: Record<string, string>, keys: string[]): string | null {
  for (const k of keys) if (labels[k]) return labels[k];
  return null;
}

function withImage(info: ContainerInfo, image: string | null): void {
  if (!image) return;
  info.image = image;
  const ref = splitImageRef(image);
  info.imageRepository = ref.repository;
  info.imageTag = ref.tag;
  info.imageDigest = ref.digest;
}

function fromRuncState(info: ContainerInfo, state: Record<string, unknown>): void {
  const config = obj(state.config);
  const labels = Array.isArray(config.labels) ? config.labels : [];
  for (const l of labels) {
    if (typeof l !== 'string') continue;
    const eq = l.indexOf('=');
    if (eq > 0) info.labels[l.slice(0, eq)] = l.slice(eq + 1);
  }
  const created = str(state.created);
  if (created) {
    const ms = Date.parse(created);
    // Keep the nanoseconds RFC 3339 carries, as Falco's container.start_ts does.
    const frac = /\.(\d+)/.exec(created)?.[1] ?? '';
    if (Number.isFinite(ms))
      info.startTs = Math.floor(ms / 1000) * 1e9 + Number(frac.padEnd(9, '0').slice(0, 9));
  }
  const caps = obj(config.capabilities);
  const bounding = Array.isArray(caps.Bounding) ? caps.Bounding : null;
  if (bounding) info.privileged = bounding.includes('CAP_SYS_ADMIN');
  const mounts = Array.isArray(config.mounts) ? config.mounts : [];
  info.mounts = mounts.map((m) => ({
    source: str(obj(m).source) ?? '',
    destination: str(obj(m).destination) ?? '',
  }));
}

function fromDocker(info: ContainerInfo, dir: string): boolean {
  const cfg = obj(readJson(join(dir, 'config.v2.json')));
  if (!Object.keys(cfg).length) return false;
  const name = str(cfg.Name);
  if (name) info.name = name.replace(/^\//, '');
  const c = obj(cfg.Config);
  for (const [k, v] of Object.entries(obj(c.Labels))) if (typeof v === 'string') info.labels[k] = v;
  withImage(info, str(c.Image));
  const host = obj(readJson(join(dir, 'hostconfig.json')));
  if (typeof host.Privileged === 'boolean') info.privileged = host.Privileged;
  const created = str(cfg.Created);
  if (created && info.startTs === null) {
    const ms = Date.parse(created);
    if (Number.isFinite(ms)) info.startTs = ms * 1e6;
  }
  return true;
}

function fromPodman(info: ContainerInfo, storage: string, fullId: string): boolean {
  const list = readJson(join(storage, 'overlay-containers', 'containers.json'));
  if (!Array.isArray(list)) return false;
  const entry = list.map(obj).find((e) => e.id === fullId);
  if (!entry) return false;
  const names = Array.isArray(entry.names) ? entry.names : [];
  if (typeof names[0] === 'string') info.name = names[0];
  let meta: Record<string, unknown> = {};
  try {
    meta = obj(JSON.parse(str(entry.metadata) ?? '{}'));
  } catch {
    /* malformed metadata */
  }
  withImage(info, str(meta['image-name']));
  return true;
}

/** Look a container up in the runtimes' state; fields stay null where nothing is known. */
export function lookupMetadata(match: CgroupMatch, roots: MetadataRoots = DEFAULT_ROOTS): ContainerInfo {
  const info: ContainerInfo = {
    ...HOST_CONTAINER,
    id: match.id,
    fullId: match.fullId,
    runtime: match.runtime,
    name: null,
    labels: {},
    mounts: [],
  };
  let found = false;
  for (const root of expandRoots(roots.stateRoots)) {
    const state = readJson(join(root, match.fullId, 'state.json'));
    if (state && typeof state === 'object') {
      fromRuncState(info, obj(state));
      found = true;
      break;
    }
  }
  if (fromDocker(info, join(roots.dockerRoot, 'containers', match.fullId))) found = true;
  else if (fromPodman(info, roots.podmanStorage, match.fullId)) found = true;
  info.name ??= pick(info.labels, NAME_KEYS) ?? (found ? match.fullId : null);
  if (!info.image) withImage(info, pick(info.labels, IMAGE_KEYS));
  info.k8sNamespace = pick(info.labels, NS_KEYS);
  info.k8sPodName = pick(info.labels, POD_KEYS);
  info.k8sPodUid = pick(info.labels, UID_KEYS);
  return info;
}

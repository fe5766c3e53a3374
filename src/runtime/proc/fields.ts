// Event field helpers: the prototype every event inherits derived fields from, container fields,
// argument rendering and timestamps.
import type { FieldMap } from '../event.js';
import type { ContainerInfo } from '../containers/metadata.js';
import type { ArgFormat } from '../sources/bpftrace/specs.js';
import {
  renderCaps,
  renderCloneFlags,
  renderFamily,
  renderFlags,
  renderLinkFlags,
  renderMemfdFlags,
  renderMode,
  renderMountFlags,
  renderOpenFlags,
  renderPtrace,
  renderRenameFlags,
  renderUnlinkFlags,
} from './flags.js';

const NO_ID = 4294967295;
export const int32 = (v: number): number => (v > 0x7fffffff && v <= 0xffffffff ? v - 0x100000000 : v);

/**
 * The root prototype of every event: fields derived on demand, so an event pays only for what a
 * rule or an output string reads. Process field blocks inherit from it; events from those.
 */
export const EVENT_PROTO: object = Object.create(Object.prototype, {
  'evt.time.iso8601': {
    get(this: FieldMap) {
      return isoNs(BigInt(String(this['evt.rawtime'])));
    },
  },
  'evt.args': {
    get(this: FieldMap) {
      const parts: string[] = [];
      for (const k of Object.keys(this))
        if (k.startsWith('evt.arg.')) parts.push(`${k.slice(8)}=${String(this[k])}`);
      return parts.join(' ');
    },
  },
});

/** An event's fields, inherited ones included, as own properties (for JSON and other copies). */
export function flattenFields(f: FieldMap): FieldMap {
  const out: FieldMap = {};
  for (const k in f) out[k] = f[k];
  out['evt.time.iso8601'] = f['evt.time.iso8601'];
  out['evt.args'] = f['evt.args'];
  return out;
}

const capCache = new Map<number, string>();
export function caps(mask: number): string {
  let s = capCache.get(mask);
  if (s === undefined) {
    s = renderCaps(mask);
    if (capCache.size > 256) capCache.clear();
    capCache.set(mask, s);
  }
  return s;
}

export function containerFields(f: FieldMap, c: ContainerInfo): void {
  f['container.id'] = c.id;
  if (c.name !== null) f['container.name'] = c.name;
  if (c.id === 'host') return;
  f['container.type'] = c.runtime;
  if (c.image !== null) f['container.image'] = c.image;
  if (c.imageRepository !== null) f['container.image.repository'] = c.imageRepository;
  if (c.imageTag !== null) f['container.image.tag'] = c.imageTag;
  if (c.imageDigest !== null) f['container.image.digest'] = c.imageDigest;
  if (c.privileged !== null) f['container.privileged'] = c.privileged;
  if (c.startTs !== null) f['container.start_ts'] = c.startTs;
  if (c.k8sNamespace !== null) f['k8s.ns.name'] = c.k8sNamespace;
  if (c.k8sPodName !== null) f['k8s.pod.name'] = c.k8sPodName;
  if (c.k8sPodUid !== null) f['k8s.pod.uid'] = c.k8sPodUid;
}

export function renderArg(format: ArgFormat, v: number): string | number {
  switch (format) {
    case 'fd':
    case 'int':
      return int32(v);
    case 'uid':
      return v === NO_ID ? -1 : v;
    case 'openflags':
      return renderOpenFlags(v);
    case 'mode':
      return renderMode(v);
    case 'cloneflags':
      return renderCloneFlags(v);
    case 'mountflags':
      return renderMountFlags(v);
    case 'ptrace':
      return renderPtrace(v);
    case 'family':
      return renderFamily(v);
    case 'unlinkflags':
      return renderUnlinkFlags(v);
    case 'linkflags':
      return renderLinkFlags(v);
    case 'renameflags':
      return renderRenameFlags(v);
    case 'memfdflags':
      return renderMemfdFlags(v);
    default:
      return renderFlags([], v) || v;
  }
}

/** ISO-8601 UTC with nanoseconds from an exact ns count. */
export function isoNs(ns: bigint): string {
  const ms = Number(ns / 1_000_000n);
  const frac = (ns % 1_000_000_000n).toString().padStart(9, '0');
  return `${new Date(ms).toISOString().slice(0, 19)}.${frac}Z`;
}

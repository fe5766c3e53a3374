// The image config (ref: OCI image-spec config.md; Docker image spec v1.2), read from untrusted
// JSON. Downstream code (config checks, the scan report) trusts the types in ImageConfig, so fields
// of the wrong type are dropped here rather than passed on.
import { BulwarkError } from '../core/errors.js';
import { parseDigest } from './digest.js';
import { isObject } from './json.js';
import type { ImageConfig } from './types.js';

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const strs = (v: unknown): string[] | undefined =>
  Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as string[]) : undefined;
const strMap = (v: unknown): Record<string, string> | undefined => {
  if (!isObject(v)) return undefined;
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(v)) if (typeof x === 'string') out[k] = x;
  return out;
};
const objMap = (v: unknown): Record<string, object> | undefined => {
  if (!isObject(v)) return undefined;
  const out: Record<string, object> = {};
  for (const k of Object.keys(v)) out[k] = {};
  return out;
};
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

function compact<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
  return o;
}

/** Validate and normalise a config document; `layers` is the manifest's layer count (null: unknown). */
export function parseImageConfig(doc: unknown, what: string, layers: number | null): ImageConfig {
  if (!isObject(doc)) throw new BulwarkError('INVALID_INPUT', `${what} is not a JSON object`);
  const rootfs = doc.rootfs;
  const diffIds = isObject(rootfs) && Array.isArray(rootfs.diff_ids) ? rootfs.diff_ids : null;
  if (!diffIds) throw new BulwarkError('INVALID_INPUT', `${what} has no rootfs.diff_ids`);
  diffIds.forEach((d, i) => {
    if (!parseDigest(d))
      throw new BulwarkError('INVALID_INPUT', `${what}: rootfs.diff_ids[${i}] is not a digest`);
  });
  if (layers !== null && diffIds.length !== layers) {
    throw new BulwarkError(
      'INVALID_INPUT',
      `${what} lists ${diffIds.length} diff ids for ${layers} layers; the image is inconsistent`,
    );
  }
  const c = isObject(doc.config) ? doc.config : undefined;
  const hc = c && isObject(c.Healthcheck) ? c.Healthcheck : undefined;
  const config: ImageConfig['config'] | undefined = c
    ? compact({
        User: str(c.User),
        Env: strs(c.Env),
        Cmd: strs(c.Cmd),
        Entrypoint: strs(c.Entrypoint),
        WorkingDir: str(c.WorkingDir),
        Labels: strMap(c.Labels),
        ExposedPorts: objMap(c.ExposedPorts),
        Volumes: objMap(c.Volumes),
        Healthcheck: hc
          ? compact({
              Test: strs(hc.Test),
              Interval: num(hc.Interval),
              Timeout: num(hc.Timeout),
              Retries: num(hc.Retries),
            })
          : undefined,
        StopSignal: str(c.StopSignal),
      })
    : undefined;
  const history = Array.isArray(doc.history)
    ? doc.history.filter(isObject).map((h) =>
        compact({
          created: str(h.created),
          created_by: str(h.created_by),
          comment: str(h.comment),
          empty_layer: typeof h.empty_layer === 'boolean' ? h.empty_layer : undefined,
        }),
      )
    : undefined;
  return compact({
    architecture: str(doc.architecture),
    os: str(doc.os),
    variant: str(doc.variant),
    created: str(doc.created),
    author: str(doc.author),
    config,
    rootfs: {
      type: str((rootfs as Record<string, unknown>).type) ?? 'layers',
      diff_ids: diffIds as string[],
    },
    history,
  });
}

/** The history step of each non-empty layer, when the history accounts for every layer. */
export function layerHistory(config: ImageConfig, layers: number): (string | undefined)[] {
  const steps = (config.history ?? []).filter((h) => !h.empty_layer);
  if (steps.length !== layers) return new Array<undefined>(layers).fill(undefined);
  return steps.map((h) => h.created_by);
}

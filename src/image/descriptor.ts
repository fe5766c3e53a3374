// Content descriptors, validated from untrusted JSON. ref: OCI image-spec descriptor.md.
import { BulwarkError } from '../core/errors.js';
import { digestString, requireDigest, type ParsedDigest } from './digest.js';
import { isObject } from './json.js';
import { platformFrom, type Platform } from './platform.js';

export interface Descriptor {
  mediaType: string;
  digest: string;
  parsed: ParsedDigest;
  size: number;
  annotations: Record<string, string>;
  platform?: Platform;
  urls?: string[];
}

export const REF_NAME = 'org.opencontainers.image.ref.name';
export const CONTAINERD_NAME = 'io.containerd.image.name';

export function parseDescriptor(v: unknown, what: string): Descriptor {
  if (!isObject(v)) throw new BulwarkError('INVALID_INPUT', `${what} is not a descriptor object`);
  if (typeof v.mediaType !== 'string' || v.mediaType === '') {
    throw new BulwarkError('INVALID_INPUT', `${what} has no mediaType`);
  }
  const parsed = requireDigest(v.digest, `${what} digest`);
  const size = v.size;
  if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) {
    throw new BulwarkError('INVALID_INPUT', `${what} has no valid size`);
  }
  const annotations: Record<string, string> = {};
  if (isObject(v.annotations)) {
    for (const [k, val] of Object.entries(v.annotations)) if (typeof val === 'string') annotations[k] = val;
  }
  const platform = platformFrom(v.platform);
  const urls = Array.isArray(v.urls) ? v.urls.filter((u): u is string => typeof u === 'string') : undefined;
  return {
    mediaType: v.mediaType,
    digest: digestString(parsed),
    parsed,
    size,
    annotations,
    ...(platform ? { platform } : {}),
    ...(urls?.length ? { urls } : {}),
  };
}

export function shortDigest(d: string): string {
  const i = d.indexOf(':');
  return `${d.slice(0, i + 1)}${d.slice(i + 1, i + 13)}`;
}

// What an OCI runtime-bundle rule sees: the runtime config.json (opencontainers/runtime-spec
// config.md and config-linux.md). Paths in hits are relative to the document root.
import { isObject } from '../kubernetes/pss/visit.js';

export interface OciContext {
  config: Record<string, unknown>;
}

/** A runtime config: `ociVersion` plus `process` or `root` (an image config has neither). */
export function isOciRuntimeConfig(doc: unknown): doc is Record<string, unknown> {
  return isObject(doc) && typeof doc.ociVersion === 'string' && (isObject(doc.process) || isObject(doc.root));
}

export function obj(v: unknown): Record<string, unknown> {
  return isObject(v) ? v : {};
}

export function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

export const CAP_SETS = ['bounding', 'effective', 'permitted', 'inheritable', 'ambient'] as const;

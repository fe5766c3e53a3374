// What a Compose rule sees: one service of a Compose file (compose-spec services.<name>).
// Paths in hits are relative to the document root (['services', name, …]).
import type { FieldPath } from '../kubernetes/pss/types.js';
import { isObject } from '../kubernetes/pss/visit.js';

export interface ComposeContext {
  name: string;
  service: Record<string, unknown>;
  path: FieldPath;
}

/** Each service of a Compose document. */
export function services(doc: unknown): ComposeContext[] {
  if (!isObject(doc) || !isObject(doc.services)) return [];
  return Object.entries(doc.services)
    .filter(([, s]) => isObject(s))
    .map(([name, s]) => ({ name, service: s as Record<string, unknown>, path: ['services', name] }));
}

/** A Compose file: a top-level `services` map and no Kubernetes apiVersion/kind. */
export function isComposeDocument(doc: unknown): boolean {
  return isObject(doc) && isObject(doc.services) && doc.kind === undefined && doc.apiVersion === undefined;
}

export function list(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

/** security_opt entries as [key, value]: `seccomp:unconfined`, `seccomp=unconfined`, `no-new-privileges:true`. */
export function securityOpts(ctx: ComposeContext): { key: string; value: string; index: number }[] {
  return list(ctx.service.security_opt).map((o, index) => {
    const s = String(o);
    const m = /^([^:=]+)[:=]?(.*)$/.exec(s)!;
    return { key: m[1]!.trim(), value: m[2]!.trim(), index };
  });
}

/** Host paths of bind mounts in short (`/host:/ctr:ro`) and long ({ type: bind, source }) syntax. */
export function bindMounts(
  ctx: ComposeContext,
): { source: string; target: string; readOnly: boolean; index: number }[] {
  return list(ctx.service.volumes).flatMap((v, index) => {
    if (typeof v === 'string') {
      const [source = '', target = '', mode = ''] = v.split(':');
      if (!source.startsWith('/') && !source.startsWith('.') && !source.startsWith('~')) return []; // named volume
      return [{ source, target, readOnly: mode.split(',').includes('ro'), index }];
    }
    if (isObject(v) && v.type === 'bind' && typeof v.source === 'string') {
      return [{ source: v.source, target: String(v.target ?? ''), readOnly: v.read_only === true, index }];
    }
    return [];
  });
}

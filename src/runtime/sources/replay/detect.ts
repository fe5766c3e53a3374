// Auto-detecting what a replayed JSON line holds (docs/runtime-replay.md):
//   - a field-map event: an object keyed by Falco field names (`evt.type`, `proc.name`, …);
//   - a Kubernetes audit `Event` (audit.k8s.io, with `auditID`), or an `EventList` of them;
//   - the explicit form {"source":"syscall","fields":{…}} or {"source":"k8s_audit","audit":{…}}.
import type { FieldMap, RuntimeEvent } from '../../event.js';

export type Detected = { events: RuntimeEvent[] } | { error: string };

const FIELD_KEY = /^[a-zA-Z]+[a-zA-Z0-9_]*(\.[a-zA-Z]+[a-zA-Z0-9_]*)+(\[.*\])?$/;

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** An audit.k8s.io Event as the k8saudit plugin accepts it (kind Event). */
export function isAuditEvent(v: unknown): v is Record<string, unknown> {
  return (
    isObject(v) &&
    v.kind === 'Event' &&
    (typeof v.auditID === 'string' || String(v.apiVersion ?? '').startsWith('audit.k8s.io'))
  );
}

/** The k8saudit plugin's view: an Event, an EventList's items, or an array of either. */
export function auditEventsOf(v: unknown): Record<string, unknown>[] | undefined {
  if (Array.isArray(v)) {
    const out: Record<string, unknown>[] = [];
    for (const x of v) {
      const sub = auditEventsOf(x);
      if (!sub) return undefined;
      out.push(...sub);
    }
    return out;
  }
  if (!isObject(v)) return undefined;
  if (v.kind === 'EventList') return Array.isArray(v.items) ? v.items.filter(isObject) : undefined;
  if (v.kind === 'Event') return [v];
  return undefined;
}

export function detect(v: unknown): Detected {
  if (!isObject(v)) {
    if (Array.isArray(v)) {
      const audit = auditEventsOf(v);
      if (audit) return { events: audit.map((audit) => ({ source: 'k8s_audit', audit })) };
    }
    return { error: 'line is not a JSON object' };
  }
  // Fast path: the common field-map event.
  if (typeof v['evt.type'] === 'string') return { events: [{ source: 'syscall', fields: v as FieldMap }] };
  if (v.source === 'syscall' && isObject(v.fields))
    return { events: [{ source: 'syscall', fields: v.fields as FieldMap }] };
  if (v.source === 'k8s_audit' && isObject(v.audit))
    return { events: [{ source: 'k8s_audit', audit: v.audit }] };
  if (v.kind === 'EventList' || v.kind === 'Event') {
    const audit = auditEventsOf(v);
    if (audit) return { events: audit.map((audit) => ({ source: 'k8s_audit', audit })) };
  }
  if ('kind' in v || 'apiVersion' in v || 'auditID' in v)
    return { error: 'data not recognized as a k8s audit event' };
  const keys = Object.keys(v);
  if (keys.length > 0 && keys.every((k) => FIELD_KEY.test(k)))
    return { events: [{ source: 'syscall', fields: v as FieldMap }] };
  return {
    error: 'line is neither a field-map event (keys are Falco field names) nor a Kubernetes audit event',
  };
}

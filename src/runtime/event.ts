// The runtime event model shared by sources (bpftrace, k8s audit, replay) and the rules engine.
// A syscall event is a map from Falco field names to values, as in the replay JSONL format.
// Indexed fields are arrays: `proc.aname` holds [proc.name, parent name, grandparent name, …], so
// `proc.aname[2]` is element 2 (as in Falco, index 0 is the process itself).
// A k8s_audit event is the raw audit Event object; the engine extracts `ka.*` / `jevt.*` from it.

export type FieldValue = string | number | boolean | null | string[] | number[];

export type FieldMap = Record<string, FieldValue | undefined>;

export type RuntimeEvent =
  { source: 'syscall'; fields: FieldMap } | { source: 'k8s_audit'; audit: Record<string, unknown> };

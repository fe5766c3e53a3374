// What the condition compiler needs from an event source: field resolution into typed extractors.
// Each source (syscall field maps, Kubernetes audit events) implements FieldSource.

/** Value types after extraction, mirroring the libs parameter types that matter for comparisons. */
export type FieldType = 'string' | 'number' | 'bool' | 'ipaddr' | 'ipnet' | 'buffer' | 'dyn';

/** A single extracted value. Lists are arrays of these. */
export type Scalar = string | number | boolean;

export interface FieldInfo {
  /** Canonical name, e.g. `proc.aname[2]`, as it appears in output_fields. */
  name: string;
  type: FieldType;
  /** A list field (e.g. `ka.req.pod.containers.image`): only `in`, `intersects`, `exists` apply. */
  list: boolean;
  /**
   * "Any ancestor" fields (`proc.aname` without index): the comparison holds when it holds for any
   * ancestor, as libs' compare_full_aname does. Extraction yields an array.
   */
  anyOf: boolean;
}

/** Extracts a value from an event; `undefined` means "not available" (the comparison is false). */
export type Extractor<E = unknown> = (ev: E) => Scalar | Scalar[] | undefined;

export interface ResolvedField<E = unknown> {
  info: FieldInfo;
  extract: Extractor<E>;
  /**
   * Set when the value is simply `event[direct]` (a field-map key) converted to `info.type`: the
   * compiler then fuses extraction and comparison into one closure.
   */
  direct?: string;
  /** With `direct`: where the raw value comes from when the key is absent (alias fields). */
  fallback?: (ev: E) => unknown;
}

export interface FieldSource<E = unknown> {
  /** Falco source name: `syscall` or `k8s_audit`. */
  readonly id: string;
  /** Resolve `field[arg]`; returns an error message for unknown fields or bad arguments. */
  resolve(field: string, arg: string | undefined): ResolvedField<E> | string;
  /** Event time in nanoseconds since the epoch (for alerts); undefined when the event has none. */
  timeNs(ev: E): bigint | undefined;
}

/** Parse a `type|flag|flag` table entry. */
export function parseTableEntry(entry: string): { type: FieldType; flags: Set<string> } {
  const [type, ...flags] = entry.split('|');
  return { type: type as FieldType, flags: new Set(flags) };
}

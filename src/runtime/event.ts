// The runtime event model shared by sources (bpftrace, k8s audit, replay) and the rules engine.
// A syscall event is a map from Falco field names to values, as in the replay JSONL format.
// Indexed fields are arrays: `proc.aname` holds [proc.name, parent name, grandparent name, …], so
// `proc.aname[2]` is element 2 (as in Falco, index 0 is the process itself).
// A k8s_audit event is the raw audit Event object; the engine extracts `ka.*` / `jevt.*` from it.
//
// Conventions the rules engine relies on (docs/runtime.md, "Field-map events"):
//   - `evt.type` names the syscall (`execve`, `openat`, …); rules are dispatched on it.
//   - `evt.rawtime` is the event time in ns since the epoch, as a decimal string (exact) or a number;
//     without it, `evt.time.iso8601` (RFC 3339 with up to 9 fraction digits) or the wall clock is used.
//   - Values may be strings, numbers or booleans; the engine converts them to the field's Falco type
//     (`user.uid` compares numerically, `evt.is_open_write=true` as a boolean, `fd.sip` as an address).
//   - `f[arg]` is read from key `f[arg]`, else element `arg` of an array or object under `f`;
//     `evt.arg.NAME` and `evt.arg[NAME]` are the same field.
//   - Aliases are filled in when absent: `proc.name`↔`proc.aname[0]`, `proc.pname`↔`proc.aname[1]`
//     (likewise apid/pid/ppid, aexe/exe/pexe, aexepath/exepath/pexepath, acmdline/cmdline/pcmdline),
//     `fd.directory`/`fd.filename` from an absolute `fd.name`, `fd.snet`/`fd.cnet`/… from `fd.sip`/`fd.cip`/….
//   - A missing key (or null) is "not available": comparisons on it are false and outputs print <NA>.
//   - `container.id` is the 12-character id, or `host` for host processes (Falco's convention).

export type FieldValue =
  | string
  | number
  | boolean
  | null
  | string[]
  | number[]
  /** Keyed fields such as `proc.env[HOME]` or `container.label[app]` may be given as one object. */
  | Record<string, string | number | boolean | null>;

export type FieldMap = Record<string, FieldValue | undefined>;

export type RuntimeEvent =
  { source: 'syscall'; fields: FieldMap } | { source: 'k8s_audit'; audit: Record<string, unknown> };

// Compare two seccomp profiles (OCI or Docker template) syscall by syscall: which names only one
// side mentions, and which both mention with different actions, arguments or conditions.
import { describeRule, type NormalProfile } from './profile.js';

export interface SyscallChange {
  name: string;
  a: string[];
  b: string[];
}

export interface ProfileDiff {
  defaults: { field: string; a: unknown; b: unknown }[];
  /** Names only B mentions, with B's rules. */
  added: { name: string; rules: string[] }[];
  /** Names only A mentions, with A's rules. */
  removed: { name: string; rules: string[] }[];
  changed: SyscallChange[];
  unchanged: number;
  /** Names each side lets through unconditionally (SCMP_ACT_ALLOW with no args or conditions). */
  allowed: { a: number; b: number };
}

const ALLOW = 'SCMP_ACT_ALLOW';

function allowsOutright(p: NormalProfile): number {
  let n = 0;
  for (const rules of p.rules.values()) {
    if (
      rules.some(
        (r) =>
          r.action === ALLOW &&
          !r.args.length &&
          !Object.keys(r.includes).length &&
          !Object.keys(r.excludes).length,
      )
    )
      n++;
  }
  return n;
}

export function diffProfiles(a: NormalProfile, b: NormalProfile): ProfileDiff {
  const defaults: ProfileDiff['defaults'] = [];
  const cmp = (field: string, x: unknown, y: unknown) => {
    if (JSON.stringify(x) !== JSON.stringify(y)) defaults.push({ field, a: x ?? null, b: y ?? null });
  };
  cmp('defaultAction', a.defaultAction, b.defaultAction);
  cmp('defaultErrnoRet', a.defaultErrnoRet, b.defaultErrnoRet);
  cmp('architectures', a.architectures, b.architectures);
  cmp('flags', a.flags, b.flags);
  const out: ProfileDiff = {
    defaults,
    added: [],
    removed: [],
    changed: [],
    unchanged: 0,
    allowed: { a: allowsOutright(a), b: allowsOutright(b) },
  };
  const names = [...new Set([...a.rules.keys(), ...b.rules.keys()])].sort();
  for (const name of names) {
    const ra = a.rules.get(name)?.map(describeRule);
    const rb = b.rules.get(name)?.map(describeRule);
    if (!ra) out.added.push({ name, rules: rb! });
    else if (!rb) out.removed.push({ name, rules: ra });
    else if (JSON.stringify(ra) !== JSON.stringify(rb)) out.changed.push({ name, a: ra, b: rb });
    else out.unchanged++;
  }
  return out;
}

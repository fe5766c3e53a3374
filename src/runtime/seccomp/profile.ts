// Seccomp profiles in the two formats users have: the OCI runtime-spec `linux.seccomp` object
// (config-linux.md#seccomp) and Docker's template format (moby/profiles seccomp/default.json, with
// `archMap` and conditional entries). Both parse into one normalised model for comparison.
import { BulwarkError } from '../../core/errors.js';

// ref: opencontainers/runtime-spec config-linux.md, "Seccomp".
export const ACTIONS = [
  'SCMP_ACT_KILL',
  'SCMP_ACT_KILL_PROCESS',
  'SCMP_ACT_KILL_THREAD',
  'SCMP_ACT_TRAP',
  'SCMP_ACT_ERRNO',
  'SCMP_ACT_TRACE',
  'SCMP_ACT_ALLOW',
  'SCMP_ACT_LOG',
  'SCMP_ACT_NOTIFY',
] as const;
export const OPS = [
  'SCMP_CMP_NE',
  'SCMP_CMP_LT',
  'SCMP_CMP_LE',
  'SCMP_CMP_EQ',
  'SCMP_CMP_GE',
  'SCMP_CMP_GT',
  'SCMP_CMP_MASKED_EQ',
] as const;

export interface SeccompArg {
  index: number;
  value: number;
  valueTwo?: number;
  op: string;
}

export interface OciSyscallRule {
  names: string[];
  action: string;
  errnoRet?: number;
  args?: SeccompArg[];
}

/** The OCI runtime-spec `linux.seccomp` object. */
export interface OciSeccomp {
  defaultAction: string;
  defaultErrnoRet?: number;
  architectures?: string[];
  flags?: string[];
  listenerPath?: string;
  listenerMetadata?: string;
  syscalls?: OciSyscallRule[];
}

export interface Condition {
  caps?: string[];
  arches?: string[];
  minKernel?: string;
}

/** One allow/deny decision for one syscall name, with everything that qualifies it. */
export interface NormalRule {
  action: string;
  errnoRet?: number;
  args: SeccompArg[];
  includes: Condition;
  excludes: Condition;
}

export interface NormalProfile {
  format: 'oci' | 'docker';
  defaultAction: string;
  defaultErrnoRet?: number;
  architectures: string[];
  flags: string[];
  /** syscall name → its rules, each rule rendered canonically and sorted. */
  rules: Map<string, NormalRule[]>;
}

const MAX_ENTRIES = 10_000;
const MAX_NAMES = 5_000;
const NAME = /^[a-z0-9_]{1,64}$/;

function bad(where: string, what: string): BulwarkError {
  return new BulwarkError('INVALID_INPUT', `${where}: ${what}`);
}

function obj(v: unknown, where: string): Record<string, unknown> {
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw bad(where, 'expected an object');
  return v as Record<string, unknown>;
}

function strings(v: unknown, where: string, max = MAX_NAMES): string[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v) || v.some((s) => typeof s !== 'string'))
    throw bad(where, 'expected a list of strings');
  if (v.length > max) throw new BulwarkError('LIMIT_EXCEEDED', `${where}: more than ${max} entries`);
  return v as string[];
}

function action(v: unknown, where: string): string {
  if (typeof v !== 'string' || !(ACTIONS as readonly string[]).includes(v)) {
    throw bad(where, `unknown action ${JSON.stringify(v)}; use one of ${ACTIONS.join(', ')}`);
  }
  return v;
}

function uint(v: unknown, where: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0)
    throw bad(where, 'expected a non-negative integer');
  return v;
}

function args(v: unknown, where: string): SeccompArg[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw bad(where, 'expected a list');
  if (v.length > 6) throw bad(where, 'a syscall has at most 6 arguments');
  return v.map((a, i) => {
    const o = obj(a, `${where}[${i}]`);
    const index = uint(o.index, `${where}[${i}].index`);
    if (index > 5) throw bad(`${where}[${i}].index`, 'must be 0..5');
    const op = o.op;
    if (typeof op !== 'string' || !(OPS as readonly string[]).includes(op)) {
      throw bad(`${where}[${i}].op`, `unknown operator ${JSON.stringify(op)}`);
    }
    const out: SeccompArg = { index, value: uint(o.value, `${where}[${i}].value`), op };
    if (o.valueTwo !== undefined && o.valueTwo !== 0)
      out.valueTwo = uint(o.valueTwo, `${where}[${i}].valueTwo`);
    return out;
  });
}

function condition(v: unknown, where: string): Condition {
  if (v === undefined || v === null) return {};
  const o = obj(v, where);
  const c: Condition = {};
  const caps = strings(o.caps, `${where}.caps`);
  const arches = strings(o.arches, `${where}.arches`);
  if (caps.length) c.caps = [...caps].sort();
  if (arches.length) c.arches = [...arches].sort();
  if (typeof o.minKernel === 'string' && o.minKernel) c.minKernel = o.minKernel;
  return c;
}

/** Parse an OCI or Docker-template profile (already JSON-decoded) into the normalised model. */
export function normalizeProfile(doc: unknown, where = 'profile'): NormalProfile {
  let root = obj(doc, where);
  // Accept a whole OCI config.json too: the profile is its linux.seccomp.
  const linux = root.linux as Record<string, unknown> | undefined;
  if (root.ociVersion !== undefined && linux && typeof linux === 'object' && linux.seccomp) {
    root = obj(linux.seccomp, `${where}.linux.seccomp`);
  }
  const format: NormalProfile['format'] = root.archMap !== undefined ? 'docker' : 'oci';
  const defaultAction = action(root.defaultAction, `${where}.defaultAction`);
  let architectures: string[];
  if (format === 'docker') {
    if (!Array.isArray(root.archMap)) throw bad(`${where}.archMap`, 'expected a list');
    architectures = root.archMap.flatMap((m, i) => {
      const o = obj(m, `${where}.archMap[${i}]`);
      if (typeof o.architecture !== 'string')
        throw bad(`${where}.archMap[${i}].architecture`, 'expected a string');
      return [o.architecture, ...strings(o.subArchitectures, `${where}.archMap[${i}].subArchitectures`)];
    });
  } else architectures = strings(root.architectures, `${where}.architectures`);
  const entries = root.syscalls === undefined || root.syscalls === null ? [] : root.syscalls;
  if (!Array.isArray(entries)) throw bad(`${where}.syscalls`, 'expected a list');
  if (entries.length > MAX_ENTRIES)
    throw new BulwarkError('LIMIT_EXCEEDED', `${where}.syscalls: more than ${MAX_ENTRIES} entries`);
  const rules = new Map<string, NormalRule[]>();
  entries.forEach((e, i) => {
    const w = `${where}.syscalls[${i}]`;
    const o = obj(e, w);
    const names = strings(o.names ?? (typeof o.name === 'string' ? [o.name] : undefined), `${w}.names`);
    if (!names.length) throw bad(`${w}.names`, 'no syscall names');
    for (const n of names)
      if (!NAME.test(n)) throw bad(`${w}.names`, `not a syscall name: ${JSON.stringify(n).slice(0, 80)}`);
    const rule: NormalRule = {
      action: action(o.action, `${w}.action`),
      args: args(o.args, `${w}.args`),
      includes: condition(o.includes, `${w}.includes`),
      excludes: condition(o.excludes, `${w}.excludes`),
    };
    if (o.errnoRet !== undefined) rule.errnoRet = uint(o.errnoRet, `${w}.errnoRet`);
    for (const n of names) {
      const list = rules.get(n) ?? [];
      list.push(rule);
      rules.set(n, list);
    }
  });
  for (const [n, list] of rules)
    rules.set(
      n,
      list.sort((a, b) => describeRule(a).localeCompare(describeRule(b))),
    );
  const p: NormalProfile = {
    format,
    defaultAction,
    architectures: [...new Set(architectures)].sort(),
    flags: [...strings(root.flags, `${where}.flags`)].sort(),
    rules,
  };
  if (root.defaultErrnoRet !== undefined)
    p.defaultErrnoRet = uint(root.defaultErrnoRet, `${where}.defaultErrnoRet`);
  return p;
}

/** A rule as one line, e.g. `SCMP_ACT_ALLOW if arg0 MASKED_EQ 2114060288 when caps ⊉ CAP_SYS_ADMIN`. */
export function describeRule(r: NormalRule): string {
  let s = r.action;
  if (r.errnoRet !== undefined) s += `(${r.errnoRet})`;
  if (r.args.length) {
    s += ` if ${r.args
      .map(
        (a) =>
          `arg${a.index} ${a.op.replace('SCMP_CMP_', '')} ${a.value}${a.valueTwo !== undefined ? `/${a.valueTwo}` : ''}`,
      )
      .join(' and ')}`;
  }
  const cond = (c: Condition, neg: boolean) => {
    const parts: string[] = [];
    if (c.caps) parts.push(`caps ${neg ? 'lack' : 'have'} ${c.caps.join(',')}`);
    if (c.arches) parts.push(`arch ${neg ? 'not ' : ''}in ${c.arches.join(',')}`);
    if (c.minKernel) parts.push(`kernel ${neg ? '<' : '≥'} ${c.minKernel}`);
    return parts;
  };
  const when = [...cond(r.includes, false), ...cond(r.excludes, true)];
  if (when.length) s += ` when ${when.join(' and ')}`;
  return s;
}

/** The recorded allow-list as an OCI `linux.seccomp` profile. */
export function buildProfile(names: Iterable<string>, scmpArch: string): OciSeccomp {
  return {
    defaultAction: 'SCMP_ACT_ERRNO',
    defaultErrnoRet: 1, // EPERM, as Docker's default profile
    architectures: [scmpArch],
    syscalls: [{ names: [...new Set(names)].sort(), action: 'SCMP_ACT_ALLOW' }],
  };
}

/** Decode a profile file's bytes (size-limited by the caller). */
export function parseProfileText(text: string, where: string): NormalProfile {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new BulwarkError('INVALID_INPUT', `${where}: not JSON: ${(err as Error).message}`, { cause: err });
  }
  return normalizeProfile(doc, where);
}

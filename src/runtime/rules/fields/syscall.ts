// The syscall source over field-map events (src/runtime/event.ts): a field is read from the map by its
// Falco name, with a few documented fallbacks so that producers need not fill every alias:
//   - `f[arg]` reads key `f[arg]`, then element `arg` of an array under `f`, then key `f` of an object.
//   - ancestor fields: `proc.aname[0]`≡`proc.name`, `proc.aname[1]`≡`proc.pname` (likewise apid/pid/ppid,
//     aexe/exe/pexe, aexepath/exepath/pexepath, acmdline/cmdline/pcmdline); `proc.aname` without an index
//     compares against every ancestor from the parent up (libs compare_full_aname).
//   - `evt.arg.NAME` ≡ `evt.arg[NAME]` (and `evt.rawarg`).
//   - `fd.directory`/`fd.filename` derive from an absolute `fd.name`; `fd.ip`/`fd.port`/`fd.net`/`fd.proto`
//     match either end (client or server), as in libs.
import { posix } from 'node:path';
import type { FieldMap } from '../../event.js';
import { SYSCALL_FIELD_TABLE } from './syscall-table.js';
import {
  parseTableEntry,
  type Extractor,
  type FieldSource,
  type FieldType,
  type ResolvedField,
  type Scalar,
} from './types.js';
import { coerce, coerceList, toNumber } from './values.js';

/** Ancestor field → [field for index 0, field for index 1]. */
const ANCESTORS: Record<string, [string, string]> = {
  'proc.aname': ['proc.name', 'proc.pname'],
  'proc.apid': ['proc.pid', 'proc.ppid'],
  'proc.aexe': ['proc.exe', 'proc.pexe'],
  'proc.aexepath': ['proc.exepath', 'proc.pexepath'],
  'proc.acmdline': ['proc.cmdline', 'proc.pcmdline'],
};
const ALIAS_TO_ANCESTOR = new Map<string, [string, number]>();
for (const [anc, [self, parent]] of Object.entries(ANCESTORS)) {
  ALIAS_TO_ANCESTOR.set(self, [anc, 0]);
  ALIAS_TO_ANCESTOR.set(parent, [anc, 1]);
}
/** Network fields compare the address of that end against networks (libs PT_IPNET). */
const NET_OF: Record<string, string> = {
  'fd.snet': 'fd.sip',
  'fd.cnet': 'fd.cip',
  'fd.lnet': 'fd.lip',
  'fd.rnet': 'fd.rip',
};
/** Deepest ancestor index looked up through explicit `proc.aname[N]` keys. */
const MAX_ANCESTOR_KEYS = 16;

const EITHER_END: Record<string, [string, string]> = {
  'fd.ip': ['fd.cip', 'fd.sip'],
  'fd.port': ['fd.cport', 'fd.sport'],
  'fd.net': ['fd.cip', 'fd.sip'],
  'fd.proto': ['fd.cproto', 'fd.sproto'],
};

function rawIndexed(m: FieldMap, field: string, arg: string): unknown {
  const direct = m[`${field}[${arg}]`];
  if (direct !== undefined && direct !== null) return direct;
  const base = m[field] as unknown;
  if (Array.isArray(base)) {
    const i = Number(arg);
    return Number.isInteger(i) && i >= 0 ? base[i] : undefined;
  }
  if (base !== null && typeof base === 'object') return (base as Record<string, unknown>)[arg];
  return undefined;
}

function ancestorRaw(m: FieldMap, anc: string, i: number): unknown {
  const v = rawIndexed(m, anc, String(i));
  if (v !== undefined && v !== null) return v;
  const alias = ANCESTORS[anc];
  return alias && i <= 1 ? m[alias[i]!] : undefined;
}

function scalarExtractor(type: FieldType, raw: (m: FieldMap) => unknown): Extractor<FieldMap> {
  if (type === 'string' || type === 'buffer' || type === 'ipaddr' || type === 'ipnet') {
    return (m) => {
      const v = raw(m);
      return typeof v === 'string' ? v : coerce(type, v);
    };
  }
  return (m) => coerce(type, raw(m));
}

/** The common case, kept to one closure with a typeof fast path per type (it runs for every check). */
function directExtractor(type: FieldType, key: string): Extractor<FieldMap> {
  switch (type) {
    case 'number':
      return (m) => {
        const v = m[key];
        return typeof v === 'number' ? v : coerce(type, v);
      };
    case 'bool':
      return (m) => {
        const v = m[key];
        return typeof v === 'boolean' ? v : coerce(type, v);
      };
    case 'dyn':
      return (m) => coerce(type, m[key]);
    default:
      return (m) => {
        const v = m[key];
        return typeof v === 'string' ? v : coerce(type, v);
      };
  }
}

/** Alias fields (`proc.pname` ≡ `proc.aname[1]`): the key itself first, then the ancestor array. */
function aliasExtractor(type: FieldType, key: string, anc: string, i: number): Extractor<FieldMap> {
  const idx = String(i);
  return (m) => {
    const v = m[key];
    if (typeof v === 'string' && type === 'string') return v;
    return coerce(type, v !== undefined && v !== null ? v : rawIndexed(m, anc, idx));
  };
}

export const syscallSource: FieldSource<FieldMap> = {
  id: 'syscall',

  resolve(fieldIn: string, argIn: string | undefined): ResolvedField<FieldMap> | string {
    let field = fieldIn;
    let arg = argIn;
    // `evt.arg.flags` is `evt.arg` with argument `flags` in libs' field-name syntax.
    for (const prefix of ['evt.arg.', 'evt.rawarg.'] as const) {
      if (field.startsWith(prefix) && arg === undefined) {
        arg = field.slice(prefix.length);
        field = prefix.slice(0, -1);
      }
    }
    const entry = SYSCALL_FIELD_TABLE[field];
    if (entry === undefined) return `filter_check called with nonexistent field ${fieldIn}`;
    const { type, flags } = parseTableEntry(entry);
    if (flags.has('argRequired') && arg === undefined) return `field '${field}' requires an argument`;
    if (!flags.has('argRequired') && !flags.has('argAllowed') && arg !== undefined) {
      return `field '${field}' does not support arguments`;
    }
    const name =
      field === 'evt.arg' || field === 'evt.rawarg'
        ? `${field}.${arg}`
        : arg === undefined
          ? field
          : `${field}[${arg}]`;
    const list = flags.has('list');
    const info = { name, type, list, anyOf: false };

    const anc = ANCESTORS[field];
    if (anc) {
      if (arg === undefined) {
        // Every ancestor from the parent up.
        return {
          info: { ...info, anyOf: true },
          extract: (m) => {
            const arr = m[field] as unknown;
            if (Array.isArray(arr)) return arr.length > 1 ? coerceList(type, arr.slice(1)) : undefined;
            const out: Scalar[] = [];
            for (let i = 1; i <= MAX_ANCESTOR_KEYS; i++) {
              const c = coerce(type, ancestorRaw(m, field, i));
              if (c === undefined) break;
              out.push(c);
            }
            return out.length ? out : undefined;
          },
        };
      }
      const i = Number(arg);
      if (!Number.isInteger(i) || i < 0) return `field '${field}' needs a numeric index, got '${arg}'`;
      return { info, extract: scalarExtractor(type, (m) => ancestorRaw(m, field, i)) };
    }

    const viaAncestor = ALIAS_TO_ANCESTOR.get(field);
    if (viaAncestor) {
      const [ancField, i] = viaAncestor;
      const idx = String(i);
      return {
        info,
        extract: aliasExtractor(type, field, ancField, i),
        direct: field,
        fallback: (m) => rawIndexed(m, ancField, idx),
      };
    }

    const either = EITHER_END[field];
    if (either) {
      return {
        info: { ...info, anyOf: true },
        extract: (m) => {
          const a = m[field] ?? m[either[0]];
          const b = m[either[1]];
          if (a === undefined || a === null)
            return b === undefined || b === null ? undefined : coerceList(type, [b]);
          return coerceList(type, b === undefined || b === null ? [a] : [a, b]);
        },
      };
    }

    const netOf = NET_OF[field];
    if (netOf) {
      return { info, extract: scalarExtractor(type, (m) => m[field] ?? m[netOf]) };
    }

    if (field === 'fd.directory' || field === 'fd.filename') {
      const pick = field === 'fd.directory' ? posix.dirname : posix.basename;
      return {
        info,
        extract: (m) => {
          const v = m[field];
          if (v !== undefined && v !== null) return coerce(type, v);
          const name = m['fd.name'];
          return typeof name === 'string' && name.startsWith('/') ? pick(name) : undefined;
        },
      };
    }

    if (arg !== undefined) {
      const key = field === 'evt.arg' || field === 'evt.rawarg' ? `${field}.${arg}` : undefined;
      const a = arg;
      const raw = (m: FieldMap): unknown => {
        if (key !== undefined) {
          const v = m[key];
          if (v !== undefined && v !== null) return v;
        }
        return rawIndexed(m, field, a);
      };
      return { info, extract: list ? (m) => coerceList(type, raw(m)) : scalarExtractor(type, raw) };
    }
    if (list) return { info, extract: (m) => coerceList(type, m[field]) };
    return { info, extract: directExtractor(type, field), direct: field };
  },

  timeNs(m: FieldMap): bigint | undefined {
    return eventTimeNs(m['evt.rawtime'], m['evt.time.iso8601']);
  },
};

/** `evt.rawtime` (ns, number or decimal string) or `evt.time.iso8601`. */
export function eventTimeNs(raw: unknown, iso: unknown): bigint | undefined {
  if (typeof raw === 'string' && /^\d+$/.test(raw)) return BigInt(raw);
  if (typeof raw === 'number' && Number.isFinite(raw) && raw >= 0) return BigInt(Math.trunc(raw));
  if (typeof raw === 'bigint') return raw;
  if (typeof iso === 'string') return isoToNs(iso);
  const n = toNumber(raw);
  return n !== undefined && n >= 0 ? BigInt(Math.trunc(n)) : undefined;
}

/** ISO-8601 / RFC 3339 with up to nanosecond fractions → ns since epoch. */
export function isoToNs(iso: string): bigint | undefined {
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/.exec(iso.trim());
  if (!m) return undefined;
  const ms = Date.parse(`${m[1]}${m[3]}`);
  if (Number.isNaN(ms)) return undefined;
  const frac = (m[2] ?? '').padEnd(9, '0');
  return BigInt(ms) * 1_000_000n + BigInt(frac);
}

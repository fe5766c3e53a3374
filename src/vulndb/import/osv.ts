// OSV records → the advisory model. Checks the shape the OSV schema requires of the fields we use
// (ref: https://ossf.github.io/osv-schema/, schema 1.7) and reports problems with the file name and
// JSON path. Fields we do not use are ignored, as the schema asks of consumers.
import { distroKey } from '../ecosystem.js';
import type {
  Advisory,
  AffectedPackage,
  AffectedRange,
  AffectedStatus,
  RangeEvent,
  SeverityEntry,
} from '../model.js';
import { scoreEntries } from '../severity.js';
import { Checker, isObj, type Obj } from './validate.js';

const EVENT_KEYS = ['introduced', 'fixed', 'last_affected', 'limit'] as const;
const MAX_SUMMARY = 512;
const MAX_REFERENCES = 16;

/** Is this parsed document an OSV record (rather than secdb, tracker …)? */
export function looksLikeOsv(doc: unknown): boolean {
  return (
    isObj(doc) &&
    typeof doc.id === 'string' &&
    ('modified' in doc || 'affected' in doc || 'schema_version' in doc)
  );
}

export function parseOsv(doc: unknown, name: string): Advisory {
  const c = new Checker(name);
  const o = c.obj(doc, '');
  const id = c.str(o.id, 'id', 256).trim();
  if (!id) c.fail('id', 'must not be empty');
  const modified = c.str(o.modified, 'modified', 64);
  const severity = parseSeverity(c, o.severity, 'severity');
  const affected: AffectedPackage[] = [];
  c.arr(o.affected, 'affected').forEach((a, i) => {
    const parsed = parseAffected(c, a, `affected[${i}]`);
    if (parsed) affected.push(parsed);
  });
  const summary = c.optStr(o.summary, 'summary') ?? firstLine(c.optStr(o.details, 'details'));
  const refs = c
    .arr(o.references, 'references')
    .map((r, i) => c.str(c.obj(r, `references[${i}]`).url, `references[${i}].url`, 4096))
    .slice(0, MAX_REFERENCES);
  const published = c.optStr(o.published, 'published', 64);
  const withdrawn = c.optStr(o.withdrawn, 'withdrawn', 64);
  return {
    id,
    aliases: c.strings(o.aliases, 'aliases'),
    upstream: c.strings(o.upstream, 'upstream'),
    ...(summary ? { summary: summary.slice(0, MAX_SUMMARY) } : {}),
    severity: scoreEntries([...severity, ...databaseRating(o.database_specific)]),
    ...(published ? { published } : {}),
    modified,
    ...(withdrawn ? { withdrawn } : {}),
    references: refs,
    affected,
  };
}

function firstLine(text: string | undefined): string | undefined {
  const line = text?.trim().split('\n')[0]?.trim();
  return line || undefined;
}

function parseSeverity(c: Checker, v: unknown, path: string): SeverityEntry[] {
  return c.arr(v, path, 64).map((s, i) => {
    const o = c.obj(s, `${path}[${i}]`);
    return {
      type: c.str(o.type, `${path}[${i}].type`, 64),
      score: c.str(o.score, `${path}[${i}].score`, 512),
    };
  });
}

/** Distribution ratings some feeds keep outside `severity` (e.g. `database_specific.severity: "Moderate"`). */
function databaseRating(v: unknown): SeverityEntry[] {
  if (!isObj(v) || typeof v.severity !== 'string' || v.severity.length > 32) return [];
  return [{ type: 'database_specific', score: v.severity }];
}

function parseAffected(c: Checker, v: unknown, path: string): AffectedPackage | null {
  const a = c.obj(v, path);
  // `package` is optional in OSV (GIT-only records); without it nothing can match a package.
  if (a.package === undefined) return null;
  const pkg = c.obj(a.package, `${path}.package`);
  const ecosystem = c.str(pkg.ecosystem, `${path}.package.ecosystem`, 256);
  const name = c.str(pkg.name, `${path}.package.name`, 1024);
  const ranges: AffectedRange[] = c.arr(a.ranges, `${path}.ranges`, 1024).map((r, i) => {
    const ro = c.obj(r, `${path}.ranges[${i}]`);
    const type = c.str(ro.type, `${path}.ranges[${i}].type`, 32);
    const events = c.arr(ro.events, `${path}.ranges[${i}].events`, 4096).map((e, j) => {
      const p = `${path}.ranges[${i}].events[${j}]`;
      const eo = c.obj(e, p);
      const keys = EVENT_KEYS.filter((k) => eo[k] !== undefined);
      if (keys.length !== 1) c.fail(p, `expected exactly one of ${EVENT_KEYS.join(', ')}`);
      const k = keys[0]!;
      return { [k]: c.str(eo[k], `${p}.${k}`, 1024) } as RangeEvent;
    });
    if (!events.length) c.fail(`${path}.ranges[${i}].events`, 'must not be empty');
    return { type, events };
  });
  const versions = c.strings(a.versions, `${path}.versions`);
  const eco = isObj(a.ecosystem_specific) ? a.ecosystem_specific : {};
  const severity = [...parseSeverity(c, a.severity, `${path}.severity`), ...distroRating(ecosystem, eco)];
  return {
    ecosystem,
    distro: distroKey(ecosystem),
    package: name,
    ranges,
    versions,
    status: statusFrom(eco),
    severity: scoreEntries(severity),
  };
}

/** Debian's tracker urgency, as osv.dev's converter puts it into ecosystem_specific. */
function distroRating(ecosystem: string, eco: Obj): SeverityEntry[] {
  if (typeof eco.urgency === 'string' && eco.urgency.length <= 64) {
    return [{ type: ecosystem.split(':')[0] ?? 'urgency', score: eco.urgency }];
  }
  return [];
}

function statusFrom(eco: Obj): AffectedStatus {
  if (eco.urgency === 'end-of-life') return 'end_of_life';
  return 'affected';
}

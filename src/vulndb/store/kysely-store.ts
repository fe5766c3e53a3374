// VulnStore over kysely: the same queries run on SQLite and PostgreSQL. Writes go in batches, one
// transaction per batch, with multi-row inserts sized below both dialects' bound-parameter limits.
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { wrapError } from '../../core/errors.js';
import type { AdvisoryRecord, AffectedPackage, AffectedStatus } from '../model.js';
import type { Database } from '../schema/tables.js';
import type { AffectedHit, Dialect, FeedState, StoreStats, VulnStore, WriteCounts } from './types.js';

const KEY_CHUNK = 500;
const ADVISORY_ROWS = 400; // 14 columns → 5,600 parameters
const AFFECTED_ROWS = 1000; // 8 columns → 8,000 parameters
const LOOKUP_CHUNK = 500;

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function parseJson<T>(text: string, fallback: T): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

/**
 * Content hash of a record. `modified` is left out: secdb and tracker files carry no per-record
 * timestamp (we use the file's), and a record whose content is the same is the same record.
 */
export function advisoryHash(record: AdvisoryRecord): string {
  return createHash('sha256')
    .update(JSON.stringify({ ...record.advisory, modified: '' }))
    .digest('hex');
}

export class KyselyStore implements VulnStore {
  constructor(
    readonly db: Kysely<Database>,
    readonly dialect: Dialect,
    readonly location: string,
    private readonly onClose: () => Promise<void> = async () => {},
  ) {}

  async writeBatch(namespace: string, input: AdvisoryRecord[]): Promise<WriteCounts> {
    // Within a batch the last record for a key wins, as a later file in the same import would.
    const byKey = new Map<string, AdvisoryRecord>();
    for (const r of input) byKey.set(r.key, r);
    const records = [...byKey.values()];
    const counts: WriteCounts = { added: 0, updated: 0, unchanged: 0 };
    if (!records.length) return counts;
    const now = new Date().toISOString();
    try {
      await this.db.transaction().execute(async (trx) => {
        const existing = new Map<string, { uid: number; hash: string }>();
        for (const keys of chunks([...byKey.keys()], KEY_CHUNK)) {
          const rows = await trx
            .selectFrom('advisories')
            .select(['uid', 'key', 'hash'])
            .where('namespace', '=', namespace)
            .where('key', 'in', keys)
            .execute();
          for (const r of rows) existing.set(r.key, { uid: Number(r.uid), hash: r.hash });
        }
        const toInsert: { record: AdvisoryRecord; hash: string }[] = [];
        const affectedFor: { uid: number; affected: AffectedPackage[] }[] = [];
        const changedUids: number[] = [];
        for (const record of records) {
          const hash = advisoryHash(record);
          const old = existing.get(record.key);
          if (old && old.hash === hash) {
            counts.unchanged++;
            continue;
          }
          if (!old) {
            toInsert.push({ record, hash });
            continue;
          }
          counts.updated++;
          changedUids.push(old.uid);
          await trx
            .updateTable('advisories')
            .set(this.row(namespace, record, hash, now))
            .where('uid', '=', old.uid)
            .execute();
          affectedFor.push({ uid: old.uid, affected: record.advisory.affected });
        }
        for (const uids of chunks(changedUids, KEY_CHUNK)) {
          await trx.deleteFrom('affected').where('advisory_uid', 'in', uids).execute();
        }
        for (const part of chunks(toInsert, ADVISORY_ROWS)) {
          const rows = await trx
            .insertInto('advisories')
            .values(part.map((p) => this.row(namespace, p.record, p.hash, now)))
            .returning(['uid', 'key'])
            .execute();
          const uidByKey = new Map(rows.map((r) => [r.key, Number(r.uid)]));
          for (const p of part) {
            affectedFor.push({ uid: uidByKey.get(p.record.key)!, affected: p.record.advisory.affected });
          }
          counts.added += part.length;
        }
        const affectedRows = affectedFor.flatMap(({ uid, affected }) =>
          affected.map((a) => ({
            advisory_uid: uid,
            distro: a.distro,
            package: a.package,
            ecosystem: a.ecosystem,
            ranges: JSON.stringify(a.ranges),
            versions: JSON.stringify(a.versions),
            status: a.status,
            severity: JSON.stringify(a.severity),
          })),
        );
        for (const part of chunks(affectedRows, AFFECTED_ROWS)) {
          await trx.insertInto('affected').values(part).execute();
        }
      });
    } catch (err) {
      throw wrapError(`cannot write to the vulnerability DB ${this.location}`, err, 'DB_ERROR');
    }
    return counts;
  }

  private row(namespace: string, record: AdvisoryRecord, hash: string, now: string) {
    const a = record.advisory;
    return {
      namespace,
      key: record.key,
      id: a.id,
      aliases: JSON.stringify(a.aliases),
      upstream: JSON.stringify(a.upstream),
      summary: a.summary ?? null,
      severity: JSON.stringify(a.severity),
      published: a.published ?? null,
      modified: a.modified,
      withdrawn: a.withdrawn ?? null,
      refs: JSON.stringify(a.references),
      hash,
      imported_at: now,
    };
  }

  async purgeNamespace(namespace: string, keep: ReadonlySet<string>): Promise<number> {
    const rows = await this.db
      .selectFrom('advisories')
      .select(['uid', 'key'])
      .where('namespace', '=', namespace)
      .execute();
    const gone = rows.filter((r) => !keep.has(r.key)).map((r) => Number(r.uid));
    if (!gone.length) return 0;
    await this.db.transaction().execute(async (trx) => {
      for (const uids of chunks(gone, KEY_CHUNK)) {
        await trx.deleteFrom('affected').where('advisory_uid', 'in', uids).execute();
        await trx.deleteFrom('advisories').where('uid', 'in', uids).execute();
      }
    });
    return gone.length;
  }

  async distrosWithData(distros: string[]): Promise<string[]> {
    const out: string[] = [];
    try {
      // One indexed probe per key (affected_distro_package), stopping at the first live entry:
      // a count would read every row of a release with hundreds of thousands of them.
      for (const distro of [...new Set(distros)]) {
        const row = await this.db
          .selectFrom('affected as f')
          .innerJoin('advisories as a', 'a.uid', 'f.advisory_uid')
          .select('f.distro')
          .where('f.distro', '=', distro)
          .where('a.withdrawn', 'is', null)
          .limit(1)
          .executeTakeFirst();
        if (row) out.push(distro);
      }
    } catch (err) {
      throw wrapError(`cannot read the vulnerability DB ${this.location}`, err, 'DB_ERROR');
    }
    return out;
  }

  async findAffected(distros: string[], packages: string[]): Promise<AffectedHit[]> {
    const names = [...new Set(packages)];
    if (!distros.length || !names.length) return [];
    const hits: AffectedHit[] = [];
    try {
      for (const part of chunks(names, LOOKUP_CHUNK)) {
        const rows = await this.db
          .selectFrom('affected as f')
          .innerJoin('advisories as a', 'a.uid', 'f.advisory_uid')
          .select([
            'a.namespace',
            'a.id',
            'a.aliases',
            'a.upstream',
            'a.summary',
            'a.severity as a_severity',
            'a.published',
            'a.modified',
            'a.refs',
            'f.distro',
            'f.package',
            'f.ecosystem',
            'f.ranges',
            'f.versions',
            'f.status',
            'f.severity as f_severity',
          ])
          .where('f.distro', 'in', distros)
          .where('f.package', 'in', part)
          .where('a.withdrawn', 'is', null)
          .execute();
        for (const r of rows) {
          hits.push({
            namespace: r.namespace,
            advisory: {
              id: r.id,
              aliases: parseJson(r.aliases, []),
              upstream: parseJson(r.upstream, []),
              ...(r.summary !== null ? { summary: r.summary } : {}),
              severity: parseJson(r.a_severity, []),
              ...(r.published !== null ? { published: r.published } : {}),
              modified: r.modified,
              references: parseJson(r.refs, []),
            },
            affected: {
              ecosystem: r.ecosystem,
              distro: r.distro,
              package: r.package,
              ranges: parseJson(r.ranges, []),
              versions: parseJson(r.versions, []),
              status: r.status as AffectedStatus,
              severity: parseJson(r.f_severity, []),
            },
          });
        }
      }
    } catch (err) {
      throw wrapError(`cannot read the vulnerability DB ${this.location}`, err, 'DB_ERROR');
    }
    return hits;
  }

  async getFeed(name: string): Promise<FeedState | null> {
    const r = await this.db.selectFrom('feeds').selectAll().where('name', '=', name).executeTakeFirst();
    return r ? toFeed(r) : null;
  }

  async putFeed(feed: FeedState): Promise<void> {
    const row = {
      name: feed.name,
      kind: feed.kind,
      location: feed.location,
      etag: feed.etag,
      last_modified: feed.lastModified,
      updated_at: feed.updatedAt,
      checked_at: feed.checkedAt,
      records: feed.records,
    };
    await this.db
      .insertInto('feeds')
      .values(row)
      .onConflict((oc) => oc.column('name').doUpdateSet(row))
      .execute();
  }

  async stats(opts: { detailed?: boolean } = {}): Promise<StoreStats> {
    try {
      const totals = await this.db
        .selectFrom('advisories')
        .select((eb) => [
          eb.fn.countAll<number | string>().as('all'),
          eb.fn.count<number | string>('withdrawn').as('withdrawn'),
        ])
        .executeTakeFirstOrThrow();
      const feeds = (await this.db.selectFrom('feeds').selectAll().orderBy('name').execute()).map(toFeed);
      const ecosystems: Record<string, number> = {};
      if (opts.detailed) {
        const rows = await this.db
          .selectFrom('affected as f')
          .innerJoin('advisories as a', 'a.uid', 'f.advisory_uid')
          .select((eb) => ['f.ecosystem', eb.fn.count<number | string>('f.advisory_uid').distinct().as('n')])
          .where('a.withdrawn', 'is', null)
          .groupBy('f.ecosystem')
          .execute();
        for (const r of rows) ecosystems[r.ecosystem] = Number(r.n);
      }
      const all = Number(totals.all);
      const withdrawn = Number(totals.withdrawn);
      return { advisories: all - withdrawn, withdrawn, ecosystems, feeds };
    } catch (err) {
      throw wrapError(`cannot read the vulnerability DB ${this.location}`, err, 'DB_ERROR');
    }
  }

  async close(): Promise<void> {
    await this.db.destroy();
    await this.onClose();
  }
}

function toFeed(r: Database['feeds']): FeedState {
  return {
    name: r.name,
    kind: r.kind === 'update' ? 'update' : 'import',
    location: r.location,
    etag: r.etag,
    lastModified: r.last_modified,
    updatedAt: r.updated_at,
    checkedAt: r.checked_at,
    records: Number(r.records),
  };
}

// `bulwark db`: manage the local vulnerability DB (import, update, status). Parsing and printing only;
// the work lives in src/vulndb.
import type { Command } from 'commander';
import { checkFormat, emit, json, notice } from '../output.js';
import { renderTable } from '../style.js';

const DB_HELP =
  'vulnerability DB: a SQLite file or a postgres:// URL (default: $BULWARK_DB, then ~/.cache/bulwark/db.sqlite)';

interface CommonOpts {
  db?: string;
  format: string;
}

export function register(program: Command): Command {
  const db = program
    .command('db')
    .description('manage the vulnerability database (OSV, Alpine secdb, Debian tracker)')
    .addHelpText(
      'after',
      `
Examples:
  bulwark db update                                  # download OSV data for Debian, Ubuntu, Alpine, Red Hat, Rocky, Alma
  bulwark db update --mirror https://mirror.example/osv
  bulwark db import ./osv-dump/Debian/all.zip ./secdb/v3.19/main.yaml
  bulwark db status --format json
`,
    );

  db.command('import')
    .description(
      'load advisories from files, directories, .zip or .tar.gz: OSV (JSON/YAML), Alpine/Wolfi secdb, Debian tracker JSON, DSA/DLA lists',
    )
    .argument('<path...>', 'files, directories or archives to import')
    .option('--db <location>', DB_HELP)
    .option('-f, --format <format>', 'table or json', 'table')
    .addHelpText(
      'after',
      `
Re-importing is idempotent: unchanged records are left alone, changed ones are updated, withdrawn ones
stop matching. A secdb file, the tracker JSON or a DSA list replaces what the same file loaded before.

Examples:
  bulwark db import Debian-all.zip Ubuntu-all.zip
  bulwark db import ./secdb/v3.19/main.yaml ./secdb/v3.19/community.yaml
  bulwark db import ./security-tracker.json ./DSA/list --db /var/lib/bulwark/db.sqlite
  bulwark db import ./advisory-database.tar.gz --format json
`,
    )
    .action(async (paths: string[], opts: CommonOpts) => {
      const format = checkFormat(opts.format, ['table', 'json'] as const);
      const { openStore, importPaths } = await import('../../vulndb/index.js');
      const store = await openStore({ ...(opts.db ? { db: opts.db } : {}) });
      try {
        const result = await importPaths(paths, { store, strict: false });
        for (const bad of result.invalid) notice(`skipped invalid record: ${bad.message}`);
        if (result.invalidCount > result.invalid.length) {
          notice(`… and ${result.invalidCount - result.invalid.length} more invalid records`);
        }
        if (format === 'json') await emit(json({ db: store.location, ...result }));
        else {
          await emit(
            `imported ${result.records} records from ${result.documents} documents into ${store.location} in ${result.seconds.toFixed(1)} s\n` +
              `  ${result.added} added, ${result.updated} updated, ${result.unchanged} unchanged, ` +
              `${result.withdrawn} withdrawn, ${result.purged} removed, ${result.skipped} files skipped`,
          );
        }
        if (result.invalidCount) {
          const { BulwarkError } = await import('../../core/errors.js');
          throw new BulwarkError(
            'INVALID_INPUT',
            `${result.invalidCount} invalid record${result.invalidCount === 1 ? '' : 's'} skipped (see above); the valid ones were imported`,
          );
        }
      } finally {
        await store.close();
      }
    });

  db.command('update')
    .description('download OSV data (per-ecosystem all.zip) and import what changed since the last update')
    .option('--db <location>', DB_HELP)
    .option(
      '--mirror <url|dir>',
      'mirror or air-gapped copy laid out as <Ecosystem>/all.zip (default: $BULWARK_DB_MIRROR, then the OSV bucket)',
    )
    .option(
      '--ecosystem <names...>',
      'OSV ecosystems to fetch, comma-separated or repeated (default: Debian, Ubuntu, Alpine, Red Hat, Rocky Linux, AlmaLinux)',
    )
    .option('--force', 'download even when the ETag says nothing changed', false)
    .option('-f, --format <format>', 'table or json', 'table')
    .addHelpText(
      'after',
      `
Updates are incremental: the ETag / Last-Modified of each all.zip is kept and a 304 skips it.
Without network access, copy https://osv-vulnerabilities.storage.googleapis.com/<Ecosystem>/all.zip
files into DIR/<Ecosystem>/all.zip and run \`bulwark db update --mirror DIR\`.

Examples:
  bulwark db update
  bulwark db update --ecosystem Debian --ecosystem Alpine
  bulwark db update --mirror https://osv-mirror.internal/osv
  bulwark db update --mirror /media/usb/osv --format json
  BULWARK_DB_MIRROR=file:///srv/osv bulwark db update
`,
    )
    .action(async (opts: CommonOpts & { mirror?: string; ecosystem?: string[]; force: boolean }) => {
      const format = checkFormat(opts.format, ['table', 'json'] as const);
      const { updateDb } = await import('../../vulndb/index.js');
      const { createProgress } = await import('../progress.js');
      const progress = await createProgress();
      let bar = '';
      let last = 0;
      const ecosystems = (opts.ecosystem ?? [])
        .flatMap((e) => e.split(','))
        .map((e) => e.trim())
        .filter(Boolean);
      const result = await updateDb({
        ...(opts.db ? { db: opts.db } : {}),
        ...(opts.mirror ? { mirror: opts.mirror } : {}),
        ...(ecosystems.length ? { ecosystems } : {}),
        force: opts.force,
        onEvent(e) {
          if (e.type === 'download') {
            if (bar !== e.ecosystem) {
              progress.stop();
              progress.start(e.total ?? 0, `${e.ecosystem} all.zip`);
              bar = e.ecosystem;
              last = 0;
            }
            progress.increment(e.received - last);
            last = e.received;
          } else if (e.type === 'import' || e.type === 'done') {
            progress.stop();
            bar = '';
          }
        },
      });
      progress.stop();
      const allFailed = result.feeds.every((f) => f.status === 'failed');
      if (format === 'json') await emit(json({ ...result, error: result.error?.message ?? null }));
      else if (!allFailed) {
        await emit(
          renderTable(
            ['ECOSYSTEM', 'STATUS', 'RECORDS', 'ADDED', 'UPDATED', 'WITHDRAWN', 'SOURCE'],
            result.feeds.map((f) => [
              f.ecosystem,
              f.status === 'not-modified' ? 'up to date' : f.status,
              String(f.records ?? '-'),
              String(f.added ?? '-'),
              String(f.updated ?? '-'),
              String(f.withdrawn ?? '-'),
              f.status === 'failed' ? (f.error ?? '') : f.location,
            ]),
          ) + `\n\n${result.db} updated in ${result.seconds.toFixed(1)} s`,
        );
      }
      for (const f of result.feeds)
        if (f.invalid)
          notice(`${f.ecosystem}: skipped ${f.invalid} records that do not follow the OSV schema`);
      if (result.error) throw result.error;
    });

  db.command('status')
    .description('show what the vulnerability DB holds: sources, counts per ecosystem, last update and age')
    .option('--db <location>', DB_HELP)
    .option('-f, --format <format>', 'table or json', 'table')
    .addHelpText(
      'after',
      '\nExamples:\n  bulwark db status\n  bulwark db status --format json --db postgres://bulwark@db.internal/bulwark\n',
    )
    .action(async (opts: CommonOpts) => {
      const format = checkFormat(opts.format, ['table', 'json'] as const);
      const { dbStatus, formatAge } = await import('../../vulndb/index.js');
      const status = await dbStatus({ ...(opts.db ? { db: opts.db } : {}), detailed: true });
      if (format === 'json') {
        await emit(json(status));
        return;
      }
      if (!status.exists || status.advisories === 0) {
        await emit(
          `No vulnerability data in ${status.location}.\n` +
            'Run `bulwark db update`, or offline `bulwark db update --mirror DIR|URL` or `bulwark db import PATH...`.',
        );
        return;
      }
      const age =
        status.ageSeconds === null
          ? 'unknown'
          : status.ageSeconds < 60
            ? 'just now'
            : `${formatAge(status.ageSeconds)} ago`;
      const lines = [
        `Database:     ${status.location} (${status.dialect})`,
        `Advisories:   ${status.advisories} (${status.withdrawn} withdrawn, not matched)`,
        `Last update:  ${status.lastUpdate ?? 'never'} (${age})${status.stale ? '  STALE: older than 7 days, run `bulwark db update`' : ''}`,
        '',
        renderTable(
          ['ECOSYSTEM', 'RELEASES', 'ADVISORIES'],
          status.ecosystems.map((e) => {
            // Releases without the repeated base name, in natural order: "10, 11, 12".
            const rel = Object.keys(e.releases)
              .map((r) => r.slice(e.ecosystem.length + 1) || '(any)')
              .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
            const total = Object.values(e.releases).reduce((a, b) => a + b, 0);
            const shown =
              rel.length > 8 ? `${rel.slice(0, 8).join(', ')}, … (${rel.length} releases)` : rel.join(', ');
            return [e.ecosystem, shown, String(total)];
          }),
        ),
        '',
        renderTable(
          ['SOURCE', 'RECORDS', 'UPDATED', 'CHECKED'],
          status.feeds.map((f) => [f.name, String(f.records), f.updatedAt, f.checkedAt]),
        ),
      ];
      await emit(lines.join('\n'));
    });

  return db;
}

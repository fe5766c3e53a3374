// `bulwark seccomp`: record a container's syscalls into an OCI seccomp profile, compare profiles.
//   record [-o profile.json] -- runc run …          run the container and record it
//   record --container ID --duration S              record a running container
//   diff A B                                        compare two profiles (OCI or Docker format)
// Parsing and printing only; the work lives in src/runtime/seccomp.
import type { Command } from 'commander';
import { BulwarkError } from '../../core/errors.js';
import { checkFormat, emit, json, notice } from '../output.js';

const MAX_PROFILE_BYTES = 16 * 1024 * 1024;

function seconds(v: string | undefined, flag: string): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!(n > 0) || n > 7 * 24 * 3600)
    throw new BulwarkError('USAGE', `${flag} must be a number of seconds > 0`);
  return n;
}

function registerRecord(seccomp: Command): void {
  seccomp
    .command('record')
    .description('record the syscalls a container makes and write an OCI seccomp profile (needs root)')
    .argument('[command...]', 'command that runs the container, after --, e.g. -- runc run --bundle DIR ID')
    .option('-o, --output <file>', 'write the profile here (default: stdout)')
    .option('--container <id>', 'record a running container (full id or unique prefix) instead of a command')
    .option('--duration <seconds>', 'stop after this long (required with --container)')
    .option(
      '-f, --format <format>',
      'summary format: table (stderr) or json (stdout, when --output is given)',
      'table',
    )
    .option('--bpftrace <path>', 'bpftrace binary', 'bpftrace')
    .addHelpText(
      'after',
      '\nThe profile denies everything (SCMP_ACT_ERRNO, errno 1 = EPERM) except the syscalls seen, including\n' +
        'what runc itself does after installing the filter (from its prctl(PR_GET_PDEATHSIG) on, as\n' +
        "Inspektor Gadget's advisor does) and the scheduler syscalls of runc's Go runtime. Put it in the\n" +
        "bundle's config.json as linux.seccomp. Recording a running container cannot see runc's start-up:\n" +
        'prefer recording a fresh start.\n\nExamples:\n' +
        '  bulwark seccomp record -o profile.json -- runc run --bundle /srv/web web1\n' +
        '  bulwark seccomp record --container 3f4e1a2b5c6d --duration 60 -o profile.json\n' +
        "  jq --slurpfile p profile.json '.linux.seccomp = $p[0]' config.json > config.seccomp.json\n",
    )
    .action(
      async (
        command: string[],
        opts: { output?: string; container?: string; duration?: string; format: string; bpftrace: string },
      ) => {
        const format = checkFormat(opts.format, ['table', 'json'] as const);
        const duration = seconds(opts.duration, '--duration');
        if (opts.container && command.length) {
          throw new BulwarkError('USAGE', 'give either --container or a command after --, not both');
        }
        if (!opts.container && !command.length) {
          throw new BulwarkError(
            'USAGE',
            'nothing to record: give a command after -- (e.g. -- runc run …) or --container ID',
          );
        }
        if (opts.container && duration === undefined) {
          throw new BulwarkError('USAGE', '--container needs --duration (how long to record)');
        }
        const { record } = await import('../../runtime/seccomp/recorder.js');
        const { buildProfile } = await import('../../runtime/seccomp/profile.js');
        let mntns: number | undefined;
        if (opts.container) {
          const { findContainer } = await import('../../runtime/containers/find.js');
          const { readlinkSync } = await import('node:fs');
          const found = findContainer(opts.container);
          mntns = Number(/\[(\d+)\]/.exec(readlinkSync(`/proc/${found.pid}/ns/mnt`))?.[1]);
          notice(
            `recording container ${found.fullId.slice(0, 12)} (init pid ${found.pid}) for ${duration} s`,
          );
        }
        const abort = new AbortController();
        const onSignal = (): void => abort.abort();
        process.once('SIGINT', onSignal);
        process.once('SIGTERM', onSignal);
        const started = Date.now();
        try {
          const r = await record({
            ...(command.length ? { command } : { mntns: mntns! }),
            ...(duration !== undefined ? { durationMs: duration * 1000 } : {}),
            signal: abort.signal,
            bpftrace: opts.bpftrace,
            onNotice: notice,
            // Our stdout carries the profile or the JSON summary; the container's output goes to stderr.
            stdio: [0, 2, 2],
          });
          const names = new Set([...r.workload.keys(), ...r.runtime.keys()]);
          const profile = buildProfile(names, r.table.scmpArch);
          await emit(json(profile), opts.output);
          const runtimeOnly = [...r.runtime.keys()].filter((n) => !r.workload.has(n)).sort();
          const summary = {
            output: opts.output ?? '-',
            architecture: r.table.scmpArch,
            syscalls: names.size,
            workload: [...r.workload.keys()].sort(),
            runtimeOnly,
            unknownNumbers: r.unknown,
            exitCode: r.exitCode,
            lostEvents: r.lost,
            seconds: Math.round((Date.now() - started) / 100) / 10,
          };
          if (r.unknown.length)
            notice(`syscall numbers without a name (kernel newer than the table): ${r.unknown.join(', ')}`);
          if (r.lost) notice(`bpftrace lost ${r.lost} events: the profile may miss syscalls; record again`);
          if (r.exitCode)
            notice(
              `the command exited with status ${r.exitCode}; the profile covers what it did before that`,
            );
          if (format === 'json' && opts.output) await emit(json(summary));
          else {
            notice(
              `recorded ${names.size} syscalls (${r.workload.size} by the container, ${runtimeOnly.length} more by runc after the filter) in ${summary.seconds} s${opts.output ? `; wrote ${opts.output}` : ''}`,
            );
          }
        } finally {
          process.off('SIGINT', onSignal);
          process.off('SIGTERM', onSignal);
        }
      },
    );
}

function registerDiff(seccomp: Command): void {
  seccomp
    .command('diff')
    .description('compare two seccomp profiles (OCI linux.seccomp, a whole config.json, or Docker format)')
    .argument('<a>', 'first profile')
    .argument('<b>', 'second profile')
    .option('-f, --format <format>', 'table or json', 'table')
    .addHelpText(
      'after',
      '\n"added" are syscalls only B mentions, "removed" only A; "changed" differ in action, errno,\n' +
        'argument filters or conditions (Docker includes/excludes: caps, arches, minKernel).\n\nExamples:\n' +
        '  bulwark seccomp diff profile.json ../shared/fixtures/seccomp/docker-default.json\n' +
        '  bulwark seccomp diff old.json new.json --format json\n',
    )
    .action(async (a: string, b: string, opts: { format: string }) => {
      const format = checkFormat(opts.format, ['table', 'json'] as const);
      const { parseProfileText } = await import('../../runtime/seccomp/profile.js');
      const { diffProfiles } = await import('../../runtime/seccomp/diff.js');
      const load = async (path: string) => {
        const { readInputText } = await import('../../core/input-file.js');
        const text = await readInputText(path, { what: 'profile', maxBytes: MAX_PROFILE_BYTES });
        return parseProfileText(text, path);
      };
      const [pa, pb] = [await load(a), await load(b)];
      const d = diffProfiles(pa, pb);
      if (format === 'json') {
        await emit(
          json({
            a: { file: a, format: pa.format, syscalls: pa.rules.size, allowed: d.allowed.a },
            b: { file: b, format: pb.format, syscalls: pb.rules.size, allowed: d.allowed.b },
            ...d,
          }),
        );
        return;
      }
      const lines: string[] = [
        `A: ${a} (${pa.format}, ${pa.rules.size} syscalls, ${d.allowed.a} allowed unconditionally)`,
        `B: ${b} (${pb.format}, ${pb.rules.size} syscalls, ${d.allowed.b} allowed unconditionally)`,
      ];
      for (const x of d.defaults) lines.push(`${x.field}: ${JSON.stringify(x.a)} → ${JSON.stringify(x.b)}`);
      const section = (title: string, items: { name: string; rules: string[] }[]) => {
        lines.push(`${title} (${items.length}):`);
        for (const i of items) lines.push(`  ${i.name.padEnd(24)} ${i.rules.join('; ')}`);
      };
      section('added (only in B)', d.added);
      section('removed (only in A)', d.removed);
      lines.push(`changed (${d.changed.length}):`);
      for (const c of d.changed)
        lines.push(`  ${c.name.padEnd(24)} A: ${c.a.join('; ')}`, `  ${''.padEnd(24)} B: ${c.b.join('; ')}`);
      lines.push(`unchanged: ${d.unchanged}`);
      await emit(lines.join('\n'));
    });
}

export function register(program: Command): Command {
  const seccomp = program
    .command('seccomp')
    .description('seccomp profiles: record a container into an allow-list, compare profiles')
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  bulwark seccomp record -o profile.json -- runc run --bundle /srv/web web1\n' +
        '  bulwark seccomp diff profile.json docker-default.json --format json\n',
    );
  registerRecord(seccomp);
  registerDiff(seccomp);
  return seccomp;
}

// `bulwark runtime`: Falco-compatible runtime detection.
//   rules check FILE...          validate rules files (counts, errors and warnings with file:line)
//   replay --rules F EVENTS      evaluate recorded events (field maps or k8s audit events, JSON lines)
//   k8s-audit --rules F --listen HOST:PORT --tls-cert C --tls-key K
//                                Kubernetes audit webhook backend (HTTPS)
//   watch --rules F [--duration S]  live detection with the eBPF (bpftrace) sensor (root)
// Parsing and printing only; the work lives in src/runtime.
import type { Command } from 'commander';
import { falcoOutputOption } from '../peer-flags.js';
import { BulwarkError } from '../../core/errors.js';
import { checkFormat, emit, json, notice } from '../output.js';

const collect = (v: string, prev: string[]): string[] => [...prev, v];

function ruleMatching(v: string): 'first' | 'all' {
  if (v === 'first' || v === 'all') return v;
  throw new BulwarkError('USAGE', `unknown --rule-matching "${v}"; use first or all`);
}

/** `HOST:PORT`, `[::1]:PORT` or `:PORT` (all interfaces). */
export function parseListen(v: string): { host: string; port: number } {
  const m = /^(?:\[([^\]]+)\]|([^:]*)):(\d{1,5})$/.exec(v.trim());
  const port = m ? Number(m[3]) : NaN;
  if (!m || port > 65535)
    throw new BulwarkError('USAGE', `--listen "${v}" is not HOST:PORT (e.g. 0.0.0.0:9765)`);
  return { host: m[1] ?? (m[2] || '0.0.0.0'), port };
}

function parseHeaders(list: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const h of list) {
    const i = h.indexOf(':');
    if (i <= 0) throw new BulwarkError('USAGE', `--webhook-header "${h.split(':')[0]}" is not "Name: value"`);
    out[h.slice(0, i).trim()] = h.slice(i + 1).trim();
  }
  return out;
}

interface OutputFlags {
  format: string;
  output?: string;
  webhook?: string;
  webhookCa?: string;
  webhookHeader: string[];
  ruleMatching: string;
  minPriority?: string;
  disableTag: string[];
  tag: string[];
  disable: string[];
}

async function loadOptionsFrom(o: OutputFlags): Promise<import('../../runtime/rules/load.js').LoadOptions> {
  const selection: import('../../runtime/rules/ruleset.js').RuleSelection = {
    disableTags: o.disableTag,
    onlyTags: o.tag,
    disableNames: o.disable,
  };
  if (o.minPriority !== undefined) {
    const { parsePriority, PRIORITIES } = await import('../../runtime/rules/priority.js');
    const p = parsePriority(o.minPriority);
    if (!p)
      throw new BulwarkError(
        'USAGE',
        `unknown --min-priority "${o.minPriority}"; use one of: ${PRIORITIES.join(', ').toLowerCase()}`,
      );
    selection.minPriority = p;
  }
  return { ruleMatching: ruleMatching(o.ruleMatching), selection };
}

function addOutputOptions(cmd: Command): Command {
  return cmd
    .option(
      '-f, --format <format>',
      'alert format: text (Falco output lines) or json (Falco JSON, one per line)',
      'text',
    )
    .option('-o, --output <file>', 'append alerts to this file instead of stdout (- for stdout)')
    .option('--webhook <url>', 'POST every alert as Falco JSON to this URL (e.g. falcosidekick)')
    .option('--webhook-ca <file>', 'PEM CA bundle to trust for an https webhook')
    .option('--webhook-header <header>', 'extra webhook header "Name: value" (repeatable)', collect, [])
    .option('--rule-matching <mode>', 'first (Falco default: first matching rule alerts) or all', 'first')
    .option(
      '--min-priority <level>',
      "run only rules at least this severe (emergency … debug), like Falco's priority setting",
    )
    .option('-T, --disable-tag <tag>', 'disable rules with this tag (repeatable), like falco -T', collect, [])
    .option(
      '-t, --tag <tag>',
      'run only rules with one of these tags (repeatable), like falco -t',
      collect,
      [],
    )
    .option(
      '-D, --disable <substring>',
      'disable rules whose name contains this (repeatable), like falco -D',
      collect,
      [],
    );
}

function outputsFrom(o: OutputFlags): import('../../runtime/alerts/index.js').OutputsConfig {
  // `-o json_output=true` is Falco's way to ask for JSON; anything else Falco-shaped is refused.
  const falco = falcoOutputOption(o.output, o.format);
  const format = checkFormat(falco.format, ['text', 'json'] as const);
  return {
    format,
    ...(falco.output ? { output: falco.output } : {}),
    ...(o.webhook ? { webhook: o.webhook } : {}),
    ...(o.webhookCa ? { webhookCaFile: o.webhookCa } : {}),
    ...(o.webhookHeader.length ? { webhookHeaders: parseHeaders(o.webhookHeader) } : {}),
    notice,
  };
}

function registerRulesCheck(runtime: Command): void {
  const rules = runtime.command('rules').description('work with Falco rules files');
  rules.addHelpText('after', '\nExamples:\n  bulwark runtime rules check falco_rules.yaml\n');
  rules
    .command('check')
    .description('load Falco rules files (in order) and report rules, macros, lists, errors and warnings')
    .argument('<files...>', 'rules files, loaded in order like falco -r')
    .option('-f, --format <format>', 'table or json', 'table')
    .option('--warnings', 'list every warning in table output')
    .addHelpText(
      'after',
      '\nExit code 25 when any file has errors.\n\nExamples:\n  bulwark runtime rules check falco_rules.yaml --format json\n  bulwark runtime rules check falco_rules.yaml falco-sandbox_rules.yaml my_rules.yaml\n',
    )
    .action(async (files: string[], opts: { format: string; warnings?: boolean }) => {
      const format = checkFormat(opts.format, ['table', 'json'] as const);
      const { checkRules } = await import('../../runtime/rules/check.js');
      const { formatMessage } = await import('../../runtime/rules/loader/messages.js');
      const r = await checkRules(files);
      if (format === 'json') {
        await emit(
          json({ rules: r.rules, macros: r.macros, lists: r.lists, errors: r.errors, warnings: r.warnings }),
        );
      } else {
        const lines = [
          ...r.files.map((f) => `${f.name}: ${f.rules} rules, ${f.macros} macros, ${f.lists} lists`),
          `total: ${r.rules} rules, ${r.macros} macros, ${r.lists} lists; ${r.errors.length} errors, ${r.warnings.length} warnings`,
          ...r.errors.map((e) => `error: ${formatMessage(e)}`),
          ...(opts.warnings ? r.warnings.map((w) => `warning: ${formatMessage(w)}`) : []),
        ];
        if (r.eventTypes.length) lines.push(`syscalls needed: ${r.eventTypes.join(' ')}`);
        await emit(lines.join('\n'));
      }
      if (r.errors.length) process.exitCode = 25;
    });
}

function registerReplay(runtime: Command): void {
  addOutputOptions(
    runtime
      .command('replay')
      .description(
        'evaluate recorded events against Falco rules, without a kernel (JSON lines: field maps or Kubernetes audit events)',
      )
      .argument('<events>', 'JSON-lines events file, or - for stdin')
      .requiredOption('-r, --rules <file>', 'Falco rules file (repeatable, loaded in order)', collect, [])
      .option('--exit-code <code>', 'exit with this code when any alert fired', '0'),
  )
    .addHelpText(
      'after',
      '\nEach line is a field-map event ({"evt.type":"execve","proc.name":"bash","container.id":"…",…}),\n' +
        'a Kubernetes audit Event or EventList, or {"source":"syscall","fields":{…}}. See docs/runtime-replay.md.\n' +
        'A summary goes to stderr.\n\nExamples:\n' +
        '  bulwark runtime replay --rules falco_rules.yaml events.jsonl\n' +
        '  bulwark runtime replay -r k8s_audit_rules.yaml --format json audit.log\n' +
        '  cat events.jsonl | bulwark runtime replay -r falco_rules.yaml -r my_rules.yaml - --exit-code 1\n',
    )
    .action(async (events: string, opts: OutputFlags & { rules: string[]; exitCode: string }) => {
      const outputs = outputsFrom(opts);
      const exitCode = Number(opts.exitCode);
      if (!Number.isInteger(exitCode) || exitCode < 0 || exitCode > 255)
        throw new BulwarkError('USAGE', '--exit-code must be 0-255');
      const { runReplay } = await import('../../runtime/sources/replay/run.js');
      const s = await runReplay({
        rules: opts.rules,
        events,
        outputs,
        load: await loadOptionsFrom(opts),
      });
      for (const p of s.problems) notice(`${events}:${p.line}: skipped: ${p.message}`);
      if (s.skipped > s.problems.length) notice(`${s.skipped - s.problems.length} more lines skipped`);
      const byRule = Object.entries(s.byRule)
        .map(([r, n]) => `${r}: ${n}`)
        .join(', ');
      notice(
        `replayed ${s.events.syscall + s.events.k8s_audit} events (${s.events.syscall} syscall, ${s.events.k8s_audit} k8s_audit) from ${s.lines} lines: ${s.alerts} alerts${byRule ? ` (${byRule})` : ''}`,
      );
      if (s.delivery.failed || s.delivery.dropped)
        notice(`alert delivery: ${s.delivery.failed} failed, ${s.delivery.dropped} dropped`);
      if (s.alerts > 0 && exitCode) process.exitCode = exitCode;
    });
}

function registerK8sAudit(runtime: Command): void {
  addOutputOptions(
    runtime
      .command('k8s-audit')
      .description(
        'Kubernetes audit webhook backend: receive audit EventLists over HTTPS and alert with k8s_audit rules',
      )
      .requiredOption('-r, --rules <file>', 'rules file with k8s_audit rules (repeatable)', collect, [])
      .option('--listen <host:port>', 'address to listen on', '0.0.0.0:9765')
      .option('--path <path>', 'URL path the API server posts to', '/k8s-audit')
      .option('--tls-cert <file>', 'PEM server certificate')
      .option('--tls-key <file>', 'PEM server private key')
      .option('--tls-client-ca <file>', 'require client certificates signed by this CA (mutual TLS)')
      .option('--insecure-http', 'serve plain HTTP (only behind a TLS-terminating proxy)')
      .option('--max-body <bytes>', 'largest accepted request body', String(12 * 1024 * 1024))
      .option('--duration <seconds>', 'stop after this many seconds (default: until SIGINT/SIGTERM)'),
  )
    .addHelpText(
      'after',
      '\nPoint the API server at it with --audit-webhook-config-file (a kubeconfig whose cluster server is\n' +
        'https://HOST:PORT/k8s-audit). See docs/runtime-k8s-audit.md.\n\nExamples:\n' +
        '  bulwark runtime k8s-audit -r k8s_audit_rules.yaml --listen 0.0.0.0:9765 --tls-cert tls.crt --tls-key tls.key\n' +
        '  bulwark runtime k8s-audit -r k8s_audit_rules.yaml --tls-cert tls.crt --tls-key tls.key --format json --webhook http://falcosidekick:2801/\n',
    )
    .action(
      async (
        opts: OutputFlags & {
          rules: string[];
          listen: string;
          path: string;
          tlsCert?: string;
          tlsKey?: string;
          tlsClientCa?: string;
          insecureHttp?: boolean;
          maxBody: string;
          duration?: string;
        },
      ) => {
        const outputs = outputsFrom(opts);
        const { host, port } = parseListen(opts.listen);
        const maxBody = Number(opts.maxBody);
        if (!Number.isInteger(maxBody) || maxBody <= 0)
          throw new BulwarkError('USAGE', '--max-body must be a positive number of bytes');
        const duration = opts.duration === undefined ? undefined : Number(opts.duration);
        if (duration !== undefined && !(duration > 0))
          throw new BulwarkError('USAGE', '--duration must be a positive number of seconds');
        const { startAuditService } = await import('../../runtime/sources/k8s-audit/run.js');
        const svc = await startAuditService({
          rules: opts.rules,
          host,
          port,
          path: opts.path,
          ...(opts.tlsCert ? { tlsCert: opts.tlsCert } : {}),
          ...(opts.tlsKey ? { tlsKey: opts.tlsKey } : {}),
          ...(opts.tlsClientCa ? { tlsClientCa: opts.tlsClientCa } : {}),
          insecureHttp: opts.insecureHttp ?? false,
          maxBodyBytes: maxBody,
          outputs,
          load: await loadOptionsFrom(opts),
        });
        notice(`k8s audit webhook listening on ${svc.webhook.url} with ${svc.rules} k8s_audit rules`);
        await new Promise<void>((resolve) => {
          const stop = (): void => resolve();
          process.once('SIGINT', stop);
          process.once('SIGTERM', stop);
          if (duration !== undefined) setTimeout(stop, duration * 1000).unref();
        });
        await svc.webhook.close();
        await svc.sink.close();
        const s = svc.webhook.stats();
        notice(
          `stopped: ${s.requests} requests (${s.rejected} rejected), ${s.events} events, ${s.alerts} alerts`,
        );
      },
    );
}

function registerWatch(runtime: Command): void {
  addOutputOptions(
    runtime
      .command('watch')
      .description(
        'detect with Falco rules on this machine, live: eBPF (bpftrace) sensor → rules → alerts (root)',
      )
      .requiredOption('-r, --rules <file>', 'Falco rules file (repeatable, loaded in order)', collect, [])
      .option('--duration <seconds>', 'stop after this many seconds (default: until SIGINT/SIGTERM)')
      .option('--stats', 'print sensor counters (events, kernel drops, queue drops) to stderr every second')
      .option('--bpftrace <path>', 'bpftrace binary', 'bpftrace'),
  )
    .addHelpText(
      'after',
      '\nAttaches only the tracepoints the rules need (compiling takes seconds). Kernel drops (bpftrace lost\n' +
        'events) and queue drops are reported on stderr when they happen; --stats reports every second.\n' +
        'Stop with Ctrl-C: every probe is detached before exit. Needs root (eBPF).\n\nExamples:\n' +
        '  sudo bulwark runtime watch --rules falco_rules.yaml\n' +
        '  sudo bulwark runtime watch -r falco_rules.yaml -r falco-sandbox_rules.yaml --format json --output alerts.jsonl\n' +
        '  sudo bulwark runtime watch -r falco_rules.yaml --format json --webhook http://falcosidekick:2801/ --duration 3600\n',
    )
    .action(
      async (
        opts: OutputFlags & { rules: string[]; duration?: string; stats?: boolean; bpftrace: string },
      ) => {
        const outputs = outputsFrom(opts);
        const duration = opts.duration === undefined ? undefined : Number(opts.duration);
        if (duration !== undefined && !(duration > 0))
          throw new BulwarkError('USAGE', '--duration must be a positive number of seconds');
        if (typeof process.getuid === 'function' && process.getuid() !== 0) {
          throw new BulwarkError(
            'PERMISSION',
            'runtime watch needs root for eBPF; run: sudo bulwark runtime watch …',
          );
        }
        const { runWatch } = await import('../../runtime/sources/bpftrace/watch.js');
        const abort = new AbortController();
        const stop = (): void => abort.abort();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
        let last = { lost: 0, queueDrops: 0 };
        try {
          const s = await runWatch({
            rules: opts.rules,
            outputs,
            load: { ruleMatching: ruleMatching(opts.ruleMatching) },
            ...(duration !== undefined ? { durationMs: duration * 1000 } : {}),
            signal: abort.signal,
            bpftrace: opts.bpftrace,
            notice,
            onReady: (i) =>
              notice(
                `watching with ${i.rules} syscall rules: ${i.eventTypes === 'all' ? 'all events' : `${i.eventTypes.length} event types`}, ${i.probes} syscall probes${i.skipped.length ? ` (no tracepoint for ${i.skipped.join(', ')})` : ''}`,
              ),
            onStats: (s) => {
              const lost = s.lost - last.lost;
              const dropped = s.queueDrops - last.queueDrops;
              last = { lost: s.lost, queueDrops: s.queueDrops };
              if (opts.stats) {
                process.stderr.write(
                  `${JSON.stringify({ stats: { rate: Math.round(s.rate), received: s.received, events: s.events, alerts: s.alerts, lost: s.lost, queueDrops: s.queueDrops, processes: s.processes } })}\n`,
                );
              } else if (lost || dropped) {
                notice(
                  `dropped events in the last second: ${lost} lost in the kernel, ${dropped} by the queue`,
                );
              }
            },
          });
          notice(
            `stopped: ${s.received} kernel records, ${s.events} events, ${s.alerts} alerts; dropped ${s.lost} in the kernel, ${s.queueDrops} in the queue`,
          );
          if (s.delivery.failed || s.delivery.dropped)
            notice(`alert delivery: ${s.delivery.failed} failed, ${s.delivery.dropped} dropped`);
        } finally {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
        }
      },
    );
}

export function register(program: Command): Command {
  const runtime = program
    .command('runtime')
    .description(
      'runtime detection with Falco rules: check rules, replay events, Kubernetes audit webhook, live eBPF watch',
    )
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  bulwark runtime rules check falco_rules.yaml --format json\n' +
        '  bulwark runtime replay --rules falco_rules.yaml events.jsonl\n' +
        '  bulwark runtime k8s-audit --rules k8s_audit_rules.yaml --listen 0.0.0.0:9765 --tls-cert tls.crt --tls-key tls.key\n' +
        '  sudo bulwark runtime watch --rules falco_rules.yaml --format json\n',
    );
  registerRulesCheck(runtime);
  registerReplay(runtime);
  registerK8sAudit(runtime);
  registerWatch(runtime);
  return runtime;
}

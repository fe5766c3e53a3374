// Wiring for `bulwark runtime k8s-audit`: rules + HTTPS webhook backend + alert outputs, until stopped.
import { MiB, readInputFile } from '../../../core/input-file.js';
import { BulwarkError } from '../../../core/errors.js';
import { createAlertOutputs, type AlertSink, type OutputsConfig } from '../../alerts/index.js';
import type { LoadOptions } from '../../rules/load.js';
import { requireRules } from '../../rules/require.js';
import { startAuditWebhook, type AuditWebhook } from './server.js';

export interface AuditRun {
  rules: string[];
  host: string;
  port: number;
  path?: string;
  tlsCert?: string;
  tlsKey?: string;
  tlsClientCa?: string;
  insecureHttp?: boolean;
  maxBodyBytes?: number;
  outputs: OutputsConfig;
  load?: LoadOptions;
}

async function readPem(path: string, what: string): Promise<Buffer> {
  return readInputFile(path, { what, maxBytes: 4 * MiB });
}

export async function startAuditService(
  run: AuditRun,
): Promise<{ webhook: AuditWebhook; sink: AlertSink; rules: number }> {
  const { ruleset } = await requireRules(run.rules, run.load);
  const auditRules = ruleset.rules.filter((r) => r.source === 'k8s_audit' && r.enabled).length;
  if (auditRules === 0) {
    throw new BulwarkError(
      'RULES_ERROR',
      'no enabled k8s_audit rules in the given files; pass k8s_audit_rules.yaml',
    );
  }
  if (!run.insecureHttp && (!run.tlsCert || !run.tlsKey)) {
    throw new BulwarkError(
      'USAGE',
      'the audit webhook needs --tls-cert and --tls-key (the API server only talks HTTPS)',
    );
  }
  const tls =
    run.tlsCert && run.tlsKey
      ? {
          cert: await readPem(run.tlsCert, 'TLS certificate'),
          key: await readPem(run.tlsKey, 'TLS key'),
          ...(run.tlsClientCa ? { clientCa: await readPem(run.tlsClientCa, 'client CA') } : {}),
        }
      : undefined;
  const sink = createAlertOutputs(run.outputs);
  try {
    const webhook = await startAuditWebhook({
      host: run.host,
      port: run.port,
      ...(run.path ? { path: run.path } : {}),
      ...(tls ? { tls } : {}),
      insecureHttp: run.insecureHttp ?? false,
      ruleset,
      onAlert: (a) => sink.write(a),
      ...(run.maxBodyBytes ? { maxBodyBytes: run.maxBodyBytes } : {}),
      ...(run.outputs.notice ? { notice: run.outputs.notice } : {}),
    });
    return { webhook, sink, rules: auditRules };
  } catch (err) {
    await sink.close();
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE')
      throw new BulwarkError(
        'USAGE',
        `${run.host}:${run.port} is already in use; pick another --listen port`,
      );
    if (code === 'EACCES')
      throw new BulwarkError('PERMISSION', `cannot listen on ${run.host}:${run.port}: permission denied`);
    throw new BulwarkError('INVALID_INPUT', `cannot start the audit webhook: ${(err as Error).message}`, {
      cause: err,
    });
  }
}

// `bulwark runtime replay`: evaluate recorded events (JSON lines) against a ruleset — how rules are
// tested without a kernel. Each line is auto-detected (detect.ts); malformed lines are counted and
// reported with their line number, never fatal.
import type { RuntimeEvent } from '../../event.js';
import type { Alert } from '../../rules/alert.js';
import type { Ruleset } from '../../rules/ruleset.js';
import { detect } from './detect.js';
import { readLines } from './lines.js';

export interface ReplayStats {
  lines: number;
  events: { syscall: number; k8s_audit: number };
  alerts: number;
  /** Alerts per rule name. */
  byRule: Record<string, number>;
  /** Lines that could not be used; the first few are kept with their reason. */
  skipped: number;
  problems: { line: number; message: string }[];
}

export interface ReplayOptions {
  /** Keep at most this many problem messages (default 100). */
  maxProblems?: number;
  maxLineBytes?: number;
  /** Called for events that cannot be evaluated (e.g. audit events without stageTimestamp). */
  onEvent?: (ev: RuntimeEvent) => void;
}

export async function replay(
  source: AsyncIterable<Buffer | string>,
  ruleset: Ruleset,
  onAlert: (alert: Alert) => void,
  opts: ReplayOptions = {},
): Promise<ReplayStats> {
  const stats: ReplayStats = {
    lines: 0,
    events: { syscall: 0, k8s_audit: 0 },
    alerts: 0,
    byRule: {},
    skipped: 0,
    problems: [],
  };
  const maxProblems = opts.maxProblems ?? 100;
  const problem = (line: number, message: string): void => {
    stats.skipped++;
    if (stats.problems.length < maxProblems) stats.problems.push({ line, message });
  };
  for await (const { lineNo, text } of readLines(source, opts.maxLineBytes)) {
    stats.lines++;
    if (text.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      problem(lineNo, `invalid JSON: ${(err as Error).message}`);
      continue;
    }
    const d = detect(value);
    if ('error' in d) {
      problem(lineNo, d.error);
      continue;
    }
    for (const ev of d.events) {
      if (ev.source === 'k8s_audit' && typeof ev.audit.stageTimestamp !== 'string') {
        // The k8saudit plugin rejects such events ("can't read stageTimestamp").
        problem(lineNo, "can't read stageTimestamp");
        continue;
      }
      stats.events[ev.source]++;
      opts.onEvent?.(ev);
      for (const alert of ruleset.evaluate(ev)) {
        stats.alerts++;
        stats.byRule[alert.rule] = (stats.byRule[alert.rule] ?? 0) + 1;
        onAlert(alert);
      }
    }
  }
  return stats;
}

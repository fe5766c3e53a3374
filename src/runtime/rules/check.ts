// `bulwark runtime rules check`: the validation report of Falco's `falco -V`, as data.
import { loadRules, type LoadOptions } from './load.js';
import type { LoadError, LoadWarning } from './loader/messages.js';

export interface CheckReport {
  rules: number;
  macros: number;
  lists: number;
  errors: LoadError[];
  warnings: LoadWarning[];
  files: { name: string; rules: number; macros: number; lists: number }[];
  /** Enabled syscall rules' event types (what a sensor must trace). */
  eventTypes: string[];
  requiredEngineVersion?: string;
}

export async function checkRules(paths: readonly string[], opts: LoadOptions = {}): Promise<CheckReport> {
  const res = await loadRules(paths, opts);
  const report: CheckReport = {
    rules: res.stats.rules,
    macros: res.stats.macros,
    lists: res.stats.lists,
    errors: res.errors,
    warnings: res.warnings,
    files: res.files,
    eventTypes: res.ruleset.eventTypes().types,
  };
  if (res.requiredEngineVersion) report.requiredEngineVersion = res.requiredEngineVersion;
  return report;
}

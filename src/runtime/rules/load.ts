// Public entry point of the rules engine: load Falco rules files (in order, like `falco -r a -r b`)
// into a Ruleset, with errors and warnings located by file and line.
import { readInputFile } from '../../core/input-file.js';
import type { BulwarkError } from '../../core/errors.js';
import { basename } from 'node:path';
import { k8sAuditSource } from './fields/k8s-audit.js';
import { syscallSource } from './fields/syscall.js';
import type { FieldSource } from './fields/types.js';
import { Collector, type EngineRequirement, type PluginRequirement } from './loader/collector.js';
import { compileCollected } from './loader/compiler.js';
import { Messages, type LoadError, type LoadWarning } from './loader/messages.js';
import { MAX_RULES_FILE_BYTES, readRulesText } from './loader/reader.js';
import { Ruleset, type RuleMatching, type RuleSelection } from './ruleset.js';

/**
 * The Falco engine version whose rules language this engine implements (falco 0.44.1 reports 0.63.0).
 * `required_engine_version` is checked against it with Falco's rule: same major, not newer.
 */
export const ENGINE_VERSION = '0.63.0';

export interface RulesText {
  /** Name used in messages (usually the file path). */
  name: string;
  content: string;
}

export interface LoadOptions {
  /** Event sources; defaults to syscall (field maps) and k8s_audit. */
  sources?: FieldSource<never>[];
  /** Falco's `rule_matching`: `first` (default) or `all`. */
  ruleMatching?: RuleMatching;
  /** Append container/k8s fields to syscall outputs as Falco's default `append_output` does (default true). */
  suggestedOutput?: boolean;
  hostname?: string;
  /** Falco's -T/-t/-D flags and `priority` setting, applied after loading. */
  selection?: RuleSelection;
}

export interface LoadStats {
  rules: number;
  macros: number;
  lists: number;
}

export interface LoadResult {
  ruleset: Ruleset;
  errors: LoadError[];
  warnings: LoadWarning[];
  /** Distinct rules, macros and lists defined across all inputs (enabled or not). */
  stats: LoadStats;
  /** Per input, what it defined (counted as Falco's `-L`/validate output does: distinct names). */
  files: ({ name: string } & LoadStats)[];
  requiredEngineVersion?: string;
  requiredPluginVersions: PluginRequirement['alternatives'][];
}

export const DEFAULT_SOURCES: FieldSource<never>[] = [
  syscallSource as FieldSource<never>,
  k8sAuditSource as FieldSource<never>,
];

function parseVersion(v: string): [number, number, number] | undefined {
  if (/^\d+$/.test(v)) return [0, Number(v), 0]; // numeric form N means 0.N.0
  const m = /^(\d+)\.(\d+)\.(\d+)/.exec(v);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined;
}

function checkEngineVersions(reqs: EngineRequirement[], msgs: Messages): string | undefined {
  const ours = parseVersion(ENGINE_VERSION)!;
  let highest: [number, number, number] | undefined;
  let highestText: string | undefined;
  for (const r of reqs) {
    const v = parseVersion(r.version);
    if (!v) {
      msgs.error(
        'LOAD_ERR_VALIDATE',
        `Unable to parse engine version '${r.version}' as a semver string. Expected "x.y.z" semver format.`,
        r.loc,
      );
      continue;
    }
    const cmp = (a: number[], b: number[]): number => a[0]! - b[0]! || a[1]! - b[1]! || a[2]! - b[2]!;
    if (v[0] !== ours[0] || cmp(ours, v) < 0) {
      msgs.error(
        'LOAD_ERR_VALIDATE',
        `Rules require engine version ${v.join('.')}, but engine version is ${ENGINE_VERSION}`,
        r.loc,
      );
    }
    if (!highest || cmp(v, highest) > 0) {
      highest = v;
      highestText = v.join('.');
    }
  }
  return highestText;
}

/** Load rules from texts already in memory (synchronous). */
export function loadRulesFromTexts(inputs: readonly RulesText[], opts: LoadOptions = {}): LoadResult {
  const col = new Collector();
  const msgs = new Messages();
  const files: LoadResult['files'] = [];
  for (const input of inputs) {
    const start = { rules: col.rules.size, macros: col.macros.size, lists: col.lists.size };
    readRulesText(input.content, input.name, col, msgs);
    files.push({
      name: input.name,
      rules: col.rules.size - start.rules,
      macros: col.macros.size - start.macros,
      lists: col.lists.size - start.lists,
    });
  }
  const sources = opts.sources ?? DEFAULT_SOURCES;
  const requiredEngineVersion = checkEngineVersions(col.engineRequirements, msgs);
  const rules = compileCollected(col, msgs, { sources, suggestedOutput: opts.suggestedOutput ?? true });
  const ruleset = new Ruleset(rules, sources, {
    ...(opts.ruleMatching ? { ruleMatching: opts.ruleMatching } : {}),
    ...(opts.hostname ? { hostname: opts.hostname } : {}),
  });
  if (opts.selection) ruleset.select(opts.selection);
  // Report in reading order: by input, then by position.
  const order = new Map(inputs.map((t, i) => [t.name, i]));
  const byPlace = (a: LoadError | LoadWarning, b: LoadError | LoadWarning): number =>
    (order.get(a.file) ?? -1) - (order.get(b.file) ?? -1) || a.line - b.line || a.column - b.column;
  const result: LoadResult = {
    ruleset,
    errors: [...msgs.errors].sort(byPlace),
    warnings: [...msgs.warnings].sort(byPlace),
    stats: { rules: col.rules.size, macros: col.macros.size, lists: col.lists.size },
    files,
    requiredPluginVersions: col.pluginRequirements.map((p) => p.alternatives),
  };
  if (requiredEngineVersion) result.requiredEngineVersion = requiredEngineVersion;
  return result;
}

/** Load rules files from disk, in the order given. Unreadable files are load errors, not exceptions. */
export async function loadRules(paths: readonly string[], opts: LoadOptions = {}): Promise<LoadResult> {
  const texts: RulesText[] = [];
  const readErrors: LoadError[] = [];
  for (const p of paths) {
    try {
      const buf = await readInputFile(p, { what: 'rules file', maxBytes: MAX_RULES_FILE_BYTES });
      texts.push({ name: p, content: buf.toString('utf8') });
    } catch (err) {
      const e = err as BulwarkError;
      readErrors.push({
        file: p,
        line: 0,
        column: 0,
        code: 'LOAD_ERR_FILE_READ',
        message: e.code === 'NOT_FOUND' ? `no such file (${basename(p)})` : e.message,
      });
    }
  }
  const res = loadRulesFromTexts(texts, opts);
  res.errors.unshift(...readErrors);
  return res;
}

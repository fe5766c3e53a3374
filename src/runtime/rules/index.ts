// The rules engine API (docs/runtime-rules.md):
//   const { ruleset, errors, warnings } = await loadRules(['falco_rules.yaml']);
//   ruleset.eventTypes()          → syscalls the enabled rules need (attach only those probes)
//   ruleset.evaluate(event)       → Alert[] (Falco JSON shape; alertToJson for one JSON line)
export { loadRules, loadRulesFromTexts, ENGINE_VERSION, DEFAULT_SOURCES } from './load.js';
export type { LoadOptions, LoadResult, LoadStats, RulesText } from './load.js';
export { Ruleset } from './ruleset.js';
export type { CompiledRule, EventTypeNeeds, RuleMatching, RulesetOptions } from './ruleset.js';
export { alertToJson, alertToText, isoTimeNs } from './alert.js';
export type { Alert } from './alert.js';
export { formatMessage } from './loader/messages.js';
export type { LoadError, LoadMessage, LoadWarning, Location } from './loader/messages.js';
export { PRIORITIES, parsePriority, priorityRank } from './priority.js';
export type { Priority } from './priority.js';
export { syscallSource } from './fields/syscall.js';
export { k8sAuditSource } from './fields/k8s-audit.js';
export type { AuditEvent } from './fields/k8s-audit.js';
export type { FieldSource, FieldInfo, FieldType } from './fields/types.js';
export { SUGGESTED_OUTPUT_FIELDS } from './loader/compiler.js';

// Alerts in Falco's JSON shape (falco `userspace/engine/formats.cpp`, json_output with
// json_include_output_property, json_include_tags_property and output_fields): keys `hostname`,
// `output`, `output_fields`, `priority`, `rule`, `source`, `tags`, `time`, serialised in Falco's key
// order (alphabetical, as nlohmann::json objects are), so falcosidekick and friends read them unchanged.
import type { JsonFieldValue } from './output.js';
import type { Priority } from './priority.js';

export interface Alert {
  hostname: string;
  /** `HH:MM:SS.nnnnnnnnn: Priority message`, as Falco prints it. */
  output: string;
  /** Every field of the output (and the suggested container/k8s fields), plus `evt.time` in ns. */
  output_fields: Record<string, JsonFieldValue | bigint>;
  priority: Priority;
  rule: string;
  source: string;
  tags: string[];
  /** ISO-8601 UTC with nanoseconds, e.g. `2024-05-01T10:00:00.123456789Z`. */
  time: string;
}

export function isoTimeNs(ns: bigint): string {
  const sec = ns / 1_000_000_000n;
  const frac = ns % 1_000_000_000n;
  const d = new Date(Number(sec) * 1000);
  return `${d.toISOString().slice(0, 19)}.${frac.toString().padStart(9, '0')}Z`;
}

/** libs `evt.time`: local wall-clock time with nanoseconds. */
export function clockTimeNs(ns: bigint): string {
  const d = new Date(Number(ns / 1_000_000n));
  const p = (n: number): string => String(n).padStart(2, '0');
  const frac = (ns % 1_000_000_000n).toString().padStart(9, '0');
  return `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${frac}`;
}

function jsonOf(v: unknown): string {
  if (typeof v === 'bigint') return v.toString();
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
    const obj = v as Record<string, unknown>;
    return `{${Object.keys(obj)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${jsonOf(obj[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

/** One JSON line per alert, byte-compatible in structure with Falco's json_output. */
export function alertToJson(alert: Alert): string {
  return jsonOf(alert);
}

/** Plain-text line, as Falco prints alerts without json_output. */
export function alertToText(alert: Alert): string {
  return alert.output;
}

// Explicit registry of report formats: id → format. A test checks it equals the folder listing.
import { format as cosignVuln } from './cosign-vuln.js';
import { format as cyclonedx } from './cyclonedx.js';
import { format as json } from './json.js';
import { format as sarif } from './sarif.js';
import { format as spdxJson } from './spdx-json.js';
import { format as table } from './table.js';
import type { ReportFormat } from './types.js';

export const formats: Record<string, ReportFormat> = {
  'cosign-vuln': cosignVuln,
  cyclonedx,
  json,
  sarif,
  'spdx-json': spdxJson,
  table,
};

/**
 * The format for `id` or `id@version` (Syft's `cyclonedx-json@1.5` convention), with the version
 * bound into its render options; undefined for an unknown id or a version the format lacks.
 */
export function getFormat(spec: string): ReportFormat | undefined {
  const at = spec.indexOf('@');
  const id = at < 0 ? spec : spec.slice(0, at);
  const format = Object.hasOwn(formats, id) ? formats[id] : undefined;
  if (!format || at < 0) return format;
  const version = spec.slice(at + 1);
  if (!format.versions?.includes(version)) return undefined;
  return { ...format, render: (report, opts) => format.render(report, { ...opts, version }) };
}

/** `--format` help: every id, and the versioned forms. */
export function formatChoices(): string {
  return Object.values(formats)
    .map((f) => (f.versions?.length ? `${f.id}[@${f.versions.join('|')}]` : f.id))
    .join(', ');
}

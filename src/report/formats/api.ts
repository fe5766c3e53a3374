// Explicit registry of report formats: id → format. A test checks it equals the folder listing.
import { format as json } from './json.js';
import { format as sarif } from './sarif.js';
import { format as table } from './table.js';
import type { ReportFormat } from './types.js';

export const formats: Record<string, ReportFormat> = {
  json,
  sarif,
  table,
};

export function getFormat(id: string): ReportFormat | undefined {
  return Object.hasOwn(formats, id) ? formats[id] : undefined;
}

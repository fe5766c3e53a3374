// JSON report schema v1 (architecture.md "Contracts"): the report object as is, stable key order.
import type { ReportFormat } from './types.js';

export const format: ReportFormat = {
  id: 'json',
  description: 'JSON report, schema version 1',
  render(report) {
    return JSON.stringify(report, null, 2);
  },
};

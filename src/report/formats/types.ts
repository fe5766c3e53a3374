import type { Report } from '../../core/model.js';

export interface RenderOptions {
  /** Colour the output (TTY and no NO_COLOR); formats for machines ignore it. */
  color: boolean;
}

/** A report format: pure function from a report to text. */
export interface ReportFormat {
  id: string;
  description: string;
  render(report: Report, opts: RenderOptions): string;
}

import type { Report } from '../../core/model.js';

export interface RenderOptions {
  /** Colour the output (TTY and no NO_COLOR); formats for machines ignore it. */
  color: boolean;
  /** Document time for formats that record one, when the report has no `createdAt`. */
  now?: Date;
  /** Spec version for formats that have several (`cyclonedx@1.5`); one of the format's `versions`. */
  version?: string;
}

/** A report format: pure function from a report to text. */
export interface ReportFormat {
  id: string;
  description: string;
  /** Spec versions a user may pick with `--format id@version`; the first is the default. */
  versions?: readonly string[];
  /** Async where a format loads its renderer on first use (the SBOM formats). */
  render(report: Report, opts: RenderOptions): string | Promise<string>;
}

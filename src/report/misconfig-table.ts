// The misconfiguration part of the table format: one block per file, worst first within the
// file by line, with the object each finding is about and its peer ids, so a user of Trivy,
// Checkov or hadolint recognises the control.
import type { Misconfiguration } from '../core/model.js';
import { compareSeverity } from '../core/severity.js';
import { paint, paintSeverity, renderTable } from './style.js';

function truncate(s: string, n: number): string {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > n ? `${one.slice(0, n - 1)}…` : one;
}

/** The most familiar peer id: Trivy's, else hadolint/Checkov/dockle, else the first. */
function peerId(refs: readonly string[]): string {
  return (
    refs.find((r) => /^(KSV|DS)-\d+/.test(r)) ??
    refs.find((r) => /^(DL\d+|CKV_|CIS-DI|DKL-)/.test(r)) ??
    refs.find((r) => !r.includes(':')) ??
    ''
  );
}

export function misconfigTable(items: Misconfiguration[], color: boolean): string {
  const byFile = new Map<string, Misconfiguration[]>();
  for (const m of items) {
    const list = byFile.get(m.file);
    if (list) list.push(m);
    else byFile.set(m.file, [m]);
  }
  const rows: string[][] = [];
  for (const file of [...byFile.keys()].sort()) {
    const list = byFile
      .get(file)!
      .sort(
        (a, b) =>
          (a.line ?? 0) - (b.line ?? 0) ||
          compareSeverity(a.severity, b.severity) ||
          a.id.localeCompare(b.id),
      );
    list.forEach((m, i) => {
      rows.push([
        i === 0 ? file : '',
        m.line ? String(m.line) : '',
        paintSeverity(m.severity, color),
        m.id,
        paint('gray', peerId(m.refs), color),
        m.resource ?? '',
        truncate(m.message || m.title, 90),
      ]);
    });
  }
  return renderTable(['File', 'Line', 'Severity', 'Check', 'Peer id', 'Object', 'Message'], rows, color);
}

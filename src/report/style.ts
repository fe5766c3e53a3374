// Terminal styling that degrades to plain text: colour only on a TTY, and never with NO_COLOR.
// Tables must stay readable without colour, so colour only ever adds emphasis, never meaning.
import { styleText } from 'node:util';
import type { Severity } from '../core/severity.js';

type Style = Parameters<typeof styleText>[0];

export function colorEnabled(stream: NodeJS.WriteStream = process.stdout): boolean {
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') return false;
  if (process.env.FORCE_COLOR !== undefined && process.env.FORCE_COLOR !== '0') return true;
  return Boolean(stream.isTTY);
}

export function paint(style: Style, text: string, enabled = colorEnabled()): string {
  // We decide on colour ourselves (colorEnabled), so Node's own stream check is turned off.
  return enabled ? styleText(style, text, { validateStream: false }) : text;
}

const SEVERITY_STYLE: Record<Severity, Style> = {
  CRITICAL: ['bold', 'red'],
  HIGH: 'red',
  MEDIUM: 'yellow',
  LOW: 'blue',
  UNKNOWN: 'gray',
};

export function paintSeverity(s: Severity, enabled = colorEnabled()): string {
  return paint(SEVERITY_STYLE[s], s, enabled);
}

/** Visible width of a string, ignoring ANSI escapes, for column alignment. */
export function visibleWidth(s: string): number {
  // eslint-disable-next-line no-control-regex
  return s.replace(/\u001b\[[0-9;]*m/g, '').length;
}

/** Render rows as an aligned plain-text table; cells may contain ANSI colour. */
export function renderTable(header: string[], rows: string[][], enabled = colorEnabled()): string {
  const widths = header.map((h, i) =>
    Math.max(visibleWidth(h), ...rows.map((r) => visibleWidth(r[i] ?? ''))),
  );
  const line = (cells: string[]): string =>
    cells
      .map((c, i) =>
        i === cells.length - 1 ? c : c + ' '.repeat(Math.max(0, (widths[i] ?? 0) - visibleWidth(c))),
      )
      .join('  ')
      .trimEnd();
  const out = [line(header.map((h) => paint('bold', h, enabled))), line(widths.map((w) => '─'.repeat(w)))];
  for (const r of rows) out.push(line(r));
  return out.join('\n');
}

// Debian control-file (deb822) stanzas as dpkg writes them to var/lib/dpkg/status.
// ref: deb822(5) and Debian Policy §5.1: "Field: value" lines, continuation lines start with a
// space or tab, stanzas are separated by blank lines, field names are case-insensitive.
import { BulwarkError } from '../../../core/errors.js';

export type Stanza = Map<string, string>;

/** Bounds that keep a hostile status file cheap: dpkg databases hold thousands, not millions. */
export const CONTROL_LIMITS = { maxStanzas: 200_000, maxFields: 512 };

/**
 * Parse all stanzas. Only the first line of each field is kept in full; continuation lines are
 * appended with newlines (Description, Conffiles), which the analyzers do not need but keep intact.
 */
export function parseControl(text: string, where: string): Stanza[] {
  const out: Stanza[] = [];
  let cur: Stanza | null = null;
  let last: string | null = null;
  let lineNo = 0;
  for (const raw of text.split('\n')) {
    lineNo++;
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim() === '') {
      cur = null;
      last = null;
      continue;
    }
    const c = line.charCodeAt(0);
    if (c === 0x20 || c === 0x09) {
      // Continuation of the previous field; one outside a field is malformed, as dpkg says.
      if (!cur || last === null) {
        throw new BulwarkError('INVALID_INPUT', `${where}:${lineNo}: continuation line outside a field`);
      }
      cur.set(last, `${cur.get(last)}\n${line.slice(1)}`);
      continue;
    }
    if (c === 0x23 /* # */ && !cur) continue; // comments between stanzas (not written by dpkg)
    const colon = line.indexOf(':');
    if (colon <= 0) throw new BulwarkError('INVALID_INPUT', `${where}:${lineNo}: expected "Field: value"`);
    if (!cur) {
      if (out.length >= CONTROL_LIMITS.maxStanzas) {
        throw new BulwarkError('LIMIT_EXCEEDED', `${where}: more than ${CONTROL_LIMITS.maxStanzas} stanzas`);
      }
      cur = new Map();
      out.push(cur);
    }
    if (cur.size >= CONTROL_LIMITS.maxFields) {
      throw new BulwarkError(
        'LIMIT_EXCEEDED',
        `${where}:${lineNo}: more than ${CONTROL_LIMITS.maxFields} fields in one stanza`,
      );
    }
    last = line.slice(0, colon).toLowerCase();
    cur.set(last, line.slice(colon + 1).trim());
  }
  return out;
}

// txtar archives (golang.org/x/tools/txtar): a comment, then files introduced by "-- name --" lines.
// Used to unpack fixture file trees such as pkgdb/dpkg-status.txtar inside a test.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';

export function parseTxtar(text: string): Map<string, string> {
  const files = new Map<string, string>();
  let name: string | null = null;
  let body: string[] = [];
  const flush = (): void => {
    if (name !== null) files.set(name, body.length ? `${body.join('\n')}\n` : '');
  };
  for (const line of text.split('\n')) {
    const m = /^-- (.+) --$/.exec(line);
    if (m) {
      flush();
      name = m[1]!.trim();
      body = [];
    } else if (name !== null) {
      body.push(line);
    }
  }
  if (name !== null && body[body.length - 1] === '') body.pop();
  flush();
  return files;
}

/** Write the files of a txtar under `dir` (names are relative; `..` is refused). */
export function unpackTxtar(text: string, dir: string): string[] {
  const names: string[] = [];
  for (const [name, content] of parseTxtar(text)) {
    const rel = normalize(name);
    if (rel.startsWith('..') || rel.startsWith('/')) throw new Error(`txtar: unsafe name ${name}`);
    const path = join(dir, rel);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
    names.push(rel);
  }
  return names;
}

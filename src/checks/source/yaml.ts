// YAML (and JSON, a subset) documents with line numbers for findings. Parsed with the YAML 1.1
// schema because that is what Kubernetes (sigs.k8s.io/yaml → go-yaml v2) and Compose decode:
// `privileged: yes` is true there. The CST keeps ranges; a LineCounter maps them to lines.
import {
  isAlias,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  parseAllDocuments,
  type Document,
  type Node,
} from 'yaml';
import { BulwarkError } from '../../core/errors.js';
import type { FieldPath } from '../kubernetes/pss/types.js';
import type { SourceLimits } from './text.js';

export interface YamlDocument {
  /** 0-based index in the file. */
  index: number;
  value: unknown;
  /** 1-based line where the document's content starts. */
  line: number;
  /** Line of the field at `path`, or of its nearest existing ancestor. */
  lineOf(path: FieldPath): number;
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}

export function parseYamlDocuments(file: string, text: string, limits: SourceLimits): YamlDocument[] {
  const lineCounter = new LineCounter();
  let docs: Document.Parsed[];
  try {
    docs = parseAllDocuments(text, { version: '1.1', lineCounter, prettyErrors: true }) as Document.Parsed[];
  } catch (err) {
    throw new BulwarkError('INVALID_INPUT', `${file}:1: cannot parse YAML: ${(err as Error).message}`, {
      cause: err,
    });
  }
  if (!Array.isArray(docs)) return []; // EmptyStream: comments only
  if (docs.length > limits.maxDocuments) {
    throw new BulwarkError(
      'LIMIT_EXCEEDED',
      `${file}:1: ${docs.length} YAML documents, over the limit of ${limits.maxDocuments}; split the file`,
    );
  }
  const lineAt = (offset: number): number => lineCounter.linePos(offset).line;
  const out: YamlDocument[] = [];
  for (let index = 0; index < docs.length; index++) {
    const doc = docs[index]!;
    const err = doc.errors[0];
    if (err) {
      const line = err.linePos?.[0]?.line ?? lineAt(err.pos[0]);
      throw new BulwarkError('INVALID_INPUT', `${file}:${line}: invalid YAML: ${firstLine(err.message)}`, {
        cause: err,
      });
    }
    const start = doc.contents?.range?.[0] ?? doc.range[0];
    const line = lineAt(start);
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: limits.maxAliasCount });
    } catch (e) {
      if (e instanceof ReferenceError && /alias/i.test(e.message)) {
        throw new BulwarkError(
          'LIMIT_EXCEEDED',
          `${file}:${line}: YAML aliases expand past ${limits.maxAliasCount} nodes (an alias bomb); remove the recursive anchors`,
          { cause: e },
        );
      }
      throw new BulwarkError(
        'INVALID_INPUT',
        `${file}:${line}: invalid YAML: ${firstLine((e as Error).message)}`,
        { cause: e },
      );
    }
    out.push({ index, value, line, lineOf: (path) => nodeLine(doc, path, lineAt) ?? line });
  }
  return out;
}

function nodeLine(doc: Document.Parsed, path: FieldPath, lineAt: (o: number) => number): number | undefined {
  let node: unknown = doc.contents;
  let best = (node as Node | null)?.range?.[0];
  for (const seg of path) {
    if (isAlias(node)) node = node.resolve(doc);
    if (isMap(node)) {
      const pair = node.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === seg);
      if (!pair) break;
      const keyStart = (pair.key as Node | null)?.range?.[0];
      if (keyStart !== undefined) best = keyStart;
      node = pair.value;
    } else if (isSeq(node) && typeof seg === 'number') {
      const item = node.items[seg] as Node | undefined;
      if (!item) break;
      if (item.range) best = item.range[0];
      node = item;
    } else break;
  }
  return best === undefined ? undefined : lineAt(best);
}

// Parse trust policy YAML: YAML syntax → schema (ajv) → cross-references, every error with the line
// it is on (`policy.yaml:12: rules[0].threshold must be <= 64`). Bounded: YAML aliases are limited and
// documents are capped, so a hostile policy file cannot exhaust memory.
import { Ajv, type ErrorObject } from 'ajv';
import { LineCounter, isMap, isSeq, parseDocument, type Document, type Node } from 'yaml';
import { BulwarkError } from '../../core/errors.js';
import { TRUST_POLICY_SCHEMA } from './schema.js';
import type { TrustPolicyDocument } from './types.js';

export const MAX_POLICY_BYTES = 1024 * 1024;
const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true });
const validate = ajv.compile(TRUST_POLICY_SCHEMA);

function fail(source: string, line: number | undefined, message: string): never {
  throw new BulwarkError('INVALID_INPUT', `${source}${line ? `:${line}` : ''}: ${message}`);
}

/** The YAML node at a JSON pointer like /rules/0/threshold (deepest existing ancestor). */
function nodeAt(doc: Document, pointer: string): Node | undefined {
  const parts = pointer
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  let node: unknown = doc.contents;
  for (const p of parts) {
    if (isMap(node)) {
      const pair = node.items.find((i) => (i.key as { value?: unknown })?.value === p);
      if (!pair) break;
      node = pair.value;
    } else if (isSeq(node)) {
      const item = node.items[Number(p)];
      if (item === undefined) break;
      node = item;
    } else break;
  }
  return node as Node | undefined;
}

function lineOf(doc: Document, lc: LineCounter, pointer: string): number | undefined {
  const range = nodeAt(doc, pointer)?.range;
  return range ? lc.linePos(range[0]).line : undefined;
}

function where(pointer: string): string {
  return (
    pointer
      .split('/')
      .slice(1)
      .map((p) => (/^\d+$/.test(p) ? `[${p}]` : `.${p}`))
      .join('')
      .replace(/^\./, '') || '(top level)'
  );
}

function describe(e: ErrorObject): string {
  const at = where(e.instancePath);
  switch (e.keyword) {
    case 'additionalProperties':
      return `${at}: unknown field "${(e.params as { additionalProperty: string }).additionalProperty}"`;
    case 'required':
      return `${at}: missing field "${(e.params as { missingProperty: string }).missingProperty}"`;
    case 'enum':
      return `${at}: must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.join(', ')}`;
    case 'const':
      return `${at}: must be ${JSON.stringify((e.params as { allowedValue: unknown }).allowedValue)}`;
    case 'anyOf':
      return `${at}: needs a subject (subject or subjectRegExp) and an issuer (issuer or issuerRegExp)`;
    case 'oneOf':
      return `${at}: must have exactly one of the alternatives (e.g. one of key, keyless, notation; one condition operator)`;
    default:
      return `${at}: ${e.message ?? 'is invalid'}`;
  }
}

/** Parse and validate a trust policy. `source` names the file in messages. Errors: INVALID_INPUT. */
export function parseTrustPolicy(text: string, source = 'trust policy'): TrustPolicyDocument {
  if (text.length > MAX_POLICY_BYTES)
    throw new BulwarkError('LIMIT_EXCEEDED', `${source} is larger than ${MAX_POLICY_BYTES} bytes`);
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    fail(source, lc.linePos(e.pos[0]).line, e.message.split('\n')[0]!);
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    throw new BulwarkError('LIMIT_EXCEEDED', `${source}: ${(err as Error).message}`);
  }
  if (!validate(value)) {
    // Errors from inside oneOf/anyOf branches describe alternatives; the combinator's own error says more.
    const all = validate.errors ?? [];
    const outer = all.filter((e) => !/\/(oneOf|anyOf)\/\d+\//.test(e.schemaPath));
    const first = outer[0] ?? all[0]!;
    const count = outer.length || all.length;
    const more = count > 1 ? ` (and ${count - 1} more)` : '';
    fail(source, lineOf(doc, lc, first.instancePath), `${describe(first)}${more}`);
  }
  const policy = value as TrustPolicyDocument;
  // Cross-references the schema cannot express.
  const signerNames = new Set(Object.keys(policy.signers ?? {}));
  const ruleNames = new Set<string>();
  policy.rules.forEach((r, i) => {
    const at = (field: string) => lineOf(doc, lc, `/rules/${i}/${field}`);
    if (ruleNames.has(r.name)) fail(source, at('name'), `rules[${i}]: rule name "${r.name}" is used twice`);
    ruleNames.add(r.name);
    const action = r.action ?? 'verify';
    const refs = [
      ...(r.signers ?? []),
      ...(r.required ?? []),
      ...(r.attestations ?? []).flatMap((a) => a.signers ?? []),
    ];
    for (const n of refs)
      if (!signerNames.has(n)) fail(source, at('signers'), `rules[${i}] (${r.name}): unknown signer "${n}"`);
    if (action === 'verify') {
      if (!r.signers?.length)
        fail(source, at('images'), `rules[${i}] (${r.name}): a verify rule needs signers`);
      if ((r.threshold ?? 1) > r.signers.length)
        fail(
          source,
          at('threshold'),
          `rules[${i}] (${r.name}): threshold ${r.threshold} is more than its ${r.signers.length} signer(s)`,
        );
      for (const n of r.required ?? [])
        if (!r.signers.includes(n))
          fail(
            source,
            at('required'),
            `rules[${i}] (${r.name}): required signer "${n}" is not in its signers`,
          );
    } else if (r.signers || r.threshold || r.required || r.attestations) {
      fail(
        source,
        at('action'),
        `rules[${i}] (${r.name}): an ${action} rule takes no signers, threshold or attestations`,
      );
    }
    (r.attestations ?? []).forEach((a, j) => {
      const aAt = lineOf(doc, lc, `/rules/${i}/attestations/${j}`);
      for (const re of [a.builderIdRegExp, ...(a.conditions ?? []).map((c) => c.matches)]) {
        if (re === undefined) continue;
        try {
          new RegExp(re, 'u');
        } catch {
          fail(source, aAt, `rules[${i}].attestations[${j}]: "${re}" is not a valid regular expression`);
        }
      }
      if (a.builderId && a.builderIdRegExp)
        fail(source, aAt, `rules[${i}].attestations[${j}]: use builderId or builderIdRegExp, not both`);
    });
  });
  for (const [n, s] of Object.entries(policy.signers ?? {})) {
    if (s.keyless && !policy.trustedRoot)
      fail(source, lineOf(doc, lc, `/signers/${n}`), `signer "${n}" is keyless: set trustedRoot`);
    for (const re of [s.keyless?.subjectRegExp, s.keyless?.issuerRegExp]) {
      if (re === undefined) continue;
      try {
        new RegExp(re, 'u');
      } catch {
        fail(
          source,
          lineOf(doc, lc, `/signers/${n}/keyless`),
          `signer "${n}": "${re}" is not a valid regular expression`,
        );
      }
    }
  }
  return policy;
}

// The OASIS SARIF 2.1.0 schema (as @microsoft/jest-sarif ships it), compiled once, for tests that
// check an output validates. The schema is draft-04, hence ajv-draft-04.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { ValidateFunction } from 'ajv';

let compiled: ValidateFunction | undefined;

export async function sarifValidator(): Promise<ValidateFunction> {
  if (compiled) return compiled;
  const require = createRequire(import.meta.url);
  const schema = JSON.parse(
    readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'),
  ) as object;
  const { default: AjvDraft04 } = await import('ajv-draft-04');
  const Ajv = AjvDraft04 as unknown as typeof import('ajv').default;
  const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false, unicodeRegExp: false });
  compiled = ajv.compile(schema);
  return compiled;
}

// The producing tool, as SBOMs, SARIF and attestations name it.
import { createRequire } from 'node:module';

export const TOOL_NAME = 'bulwark';
// Same source as `bulwark --version` (src/cli/version-info.ts), from src/ and from dist/.
export const TOOL_VERSION: string = (
  createRequire(import.meta.url)('../../package.json') as { version: string }
).version;
/** The tool as a package URL (cosign vuln predicate `scanner.uri`, like Trivy's `pkg:github/…@v`). */
export const TOOL_PURL = `pkg:npm/${TOOL_NAME}@${TOOL_VERSION}`;

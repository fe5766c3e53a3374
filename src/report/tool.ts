// The producing tool, as SBOMs, SARIF and attestations name it.
import { VERSION } from '../core/version.js';

export const TOOL_NAME = 'bulwark';
/** Bulwark's version, from package.json (one source with `bulwark --version`). */
export const TOOL_VERSION: string = VERSION;
/** The tool as a package URL (cosign vuln predicate `scanner.uri`, like Trivy's `pkg:github/…@v`). */
export const TOOL_PURL = `pkg:npm/${TOOL_NAME}@${TOOL_VERSION}`;

// The matchers' public surface for the scan.
export { matchOsPackages, matchVulnerabilities, type MatchResult } from './match.js';
export { matcherFor, matchers, osvEcosystemsFor, supportedFamilies, type OsMatcher } from './api.js';

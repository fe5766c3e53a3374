// The check side of an image scan in one module, so scan/image.ts can load it only when the
// misconfig or secret scanner is on.
export { checkAnalyzers } from '../checks/analyzers.js';
export { collectSecrets, imageMisconfigurations } from '../checks/image/collect.js';

// The cosign vulnerability attestation predicate (`--format cosign-vuln`, as Trivy names it), ready for
// `cosign attest --type vuln --predicate FILE` or `bulwark attest --type vuln --predicate FILE`.
// Loaded on use: the predicates module also carries the SBOM renderers.
import type { ReportFormat } from './types.js';

export const format: ReportFormat = {
  id: 'cosign-vuln',
  description: 'cosign vulnerability attestation predicate (https://cosign.sigstore.dev/attestation/vuln/v1)',
  async render(report, opts) {
    const { vulnPredicateFromReport } = await import('../predicates.js');
    return JSON.stringify(vulnPredicateFromReport(report, opts.now ? { finishedOn: opts.now } : {}), null, 2);
  },
};

// What a finding's fix status means for the user, in the words SBOM/VEX formats use.
// ref: CycloneDX 1.6 vulnerabilities[].analysis.response and .recommendation.
import { Enums } from '@cyclonedx/cyclonedx-library';
import type { Vulnerability } from '../../core/model.js';

export interface Advice {
  recommendation: string;
  detail: string;
  responses: Enums.Vulnerability.AnalysisResponse[];
}

const R = Enums.Vulnerability.AnalysisResponse;

export function vulnerabilityAdvice(v: Vulnerability): Advice {
  const pkg = `${v.package} ${v.version}`;
  if (v.fixedVersion) {
    return {
      recommendation: `Upgrade ${v.package} to ${v.fixedVersion}`,
      detail: `${pkg} is affected; fixed in ${v.fixedVersion}`,
      responses: [R.Update],
    };
  }
  switch (v.status) {
    case 'will_not_fix':
      return {
        recommendation: `The vendor will not fix ${v.id} in ${v.package}; remove the package or mitigate`,
        detail: `${pkg} is affected; the vendor will not fix it`,
        responses: [R.WillNotFix],
      };
    case 'fix_deferred':
      return {
        recommendation: `No fixed version of ${v.package} yet (the vendor deferred the fix)`,
        detail: `${pkg} is affected; fix deferred by the vendor`,
        responses: [R.CanNotFix],
      };
    case 'end_of_life':
      return {
        recommendation: `${v.package} is end of life in this distribution release; upgrade the base image`,
        detail: `${pkg} is affected; the distribution release is end of life`,
        responses: [R.CanNotFix],
      };
    case 'unknown':
      return {
        recommendation: `No fixed version of ${v.package} is known`,
        detail: `${pkg} may be affected; the advisory gives no status`,
        responses: [],
      };
    default:
      return {
        recommendation: `No fixed version of ${v.package} yet`,
        detail: `${pkg} is affected; no fix is available yet`,
        responses: [R.CanNotFix],
      };
  }
}

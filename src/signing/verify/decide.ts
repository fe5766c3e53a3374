// Turning what verification saw into one answer. Success needs `threshold` distinct trusted signers.
// Otherwise the error is the most telling failure seen, in this order: content that does not match its
// digest (tampering or replay), a registry path that could not be read (we may have missed a signature,
// so "unsigned" would be a guess), a truncated signature, a bad signature, an untrusted signer, and only
// when nothing at all was found: unsigned.
import { BulwarkError, type ErrorCode } from '../../core/errors.js';
import type { VerificationReport } from './types.js';

const PRIORITY: ErrorCode[] = [
  'DIGEST_MISMATCH',
  'REGISTRY_UNREACHABLE',
  'REGISTRY_AUTH',
  'REGISTRY_ERROR',
  'LIMIT_EXCEEDED',
  'TRUNCATED',
  'BAD_SIGNATURE',
  'UNSUPPORTED_MEDIA_TYPE',
  'UNTRUSTED_IDENTITY',
  'UNSIGNED',
];

/** Verification failed; the report says what was found and why each candidate was rejected. */
export class VerificationFailure extends BulwarkError {
  constructor(
    code: ErrorCode,
    message: string,
    readonly report: VerificationReport,
  ) {
    super(code, message);
  }
}

function rank(code: ErrorCode): number {
  const i = PRIORITY.indexOf(code);
  return i < 0 ? PRIORITY.length : i;
}

export function decide(report: VerificationReport): VerificationReport {
  const what =
    report.mode === 'attestation'
      ? `attestation${report.predicateType ? ` of type ${report.predicateType}` : ''}`
      : 'signature';
  if (report.signers.length >= report.threshold) return report;
  const problems = [
    ...report.rejected.map((r) => ({
      code: r.code,
      reason: `${r.path}${r.layerDigest ? ` ${r.layerDigest}` : ''}: ${r.reason}`,
    })),
    ...report.discovery
      .filter((d) => d.error)
      .map((d) => ({ code: d.error!.code, reason: `${d.path}: ${d.error!.message}` })),
  ].sort((a, b) => rank(a.code) - rank(b.code));
  const subject = `${report.reference}@${report.digest}`;
  if (report.signers.length > 0) {
    const worst = problems[0];
    // Below the threshold: tampering or an unreadable path explains more than "too few signers"; a
    // signature that merely does not verify with the given keys is most likely another signer's.
    if (worst && rank(worst.code) < rank('TRUNCATED')) {
      throw new VerificationFailure(worst.code, `${subject}: ${worst.reason}`, report);
    }
    throw new VerificationFailure(
      'UNTRUSTED_IDENTITY',
      `${subject}: ${report.signers.length} trusted signer(s) verified, ${report.threshold} required (--threshold)`,
      report,
    );
  }
  const worst = problems[0];
  if (worst) {
    const more =
      problems.length > 1 ? ` (and ${problems.length - 1} more problem(s); see --format json)` : '';
    throw new VerificationFailure(worst.code, `${subject}: no valid ${what}: ${worst.reason}${more}`, report);
  }
  const other = report.otherTypes?.length
    ? `; found attestations of type ${[...new Set(report.otherTypes)].join(', ')}`
    : '';
  const paths = report.discovery.map((d) => `${d.path}${d.tag ? ` ${d.tag}` : ''}`).join(', ');
  throw new VerificationFailure(
    'UNSIGNED',
    `${subject}: no ${what} found (looked in ${paths})${other}`,
    report,
  );
}

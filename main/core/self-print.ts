// Whether the authorizations allow a certificate to be self-printed (PRODUCT §3), and
// what stands in the way of printing it (查看解决办法). Pure: the queries feed it what
// the cache knows; the server applies the same rules when a print is registered.
//
// A certificate can be self-printed only if its last approval receipt is LATER than
// its applicant's authorization receipt (selfPrintSince); a principal's certificate
// only while the principal's proxy-print grant to this enterprise is in force.

import { refusesSelfPrint, type CertificateProblem, type SelfPrintStatus } from '../../preload/contract';

/** What the cache knows of the applicant's authorizations; null when the applicant is not listed. */
export interface ApplicantAuthorization {
  relation: 'self' | 'principal';
  selfPrintSinceMs: number | null;
  /** For a principal: when it revoked the grant; null while the grant is in force. */
  revokedAt: string | null;
}

export function selfPrintStatus(
  approvedAtMs: number,
  applicant: ApplicantAuthorization | null,
  /** Whether the authorizations have been synced at all; before that the server decides. */
  authorizationsKnown: boolean,
): SelfPrintStatus {
  if (!authorizationsKnown) return 'unknown';
  // An applicant that never granted this enterprise is not in the list at all.
  if (applicant === null || (applicant.relation === 'principal' && applicant.revokedAt !== null)) return 'proxy-not-granted';
  if (applicant.selfPrintSinceMs === null) return 'not-authorized';
  if (approvedAtMs <= applicant.selfPrintSinceMs) return 'approved-before-authorization';
  return 'ok';
}

/** Everything that stops a certificate from being printed now, most fundamental first. */
export function certificateProblems(certificate: {
  archiveStatus: 'archived' | 'unarchived';
  layoutStatus: 'generated' | 'sending' | 'received';
  printStatus: 'pending' | 'printed';
  selfPrint: SelfPrintStatus;
}): CertificateProblem[] {
  const problems: CertificateProblem[] = [];
  if (certificate.archiveStatus === 'archived') problems.push('archived');
  if (certificate.layoutStatus !== 'received') problems.push('layout-not-ready');
  if (refusesSelfPrint(certificate.selfPrint)) problems.push(certificate.selfPrint);
  // A printed, unarchived original is not a dead end: the copy still prints, and 打印异常申请 reprints the original.
  if (certificate.printStatus === 'printed' && certificate.archiveStatus === 'unarchived') problems.push('original-printed');
  return problems;
}

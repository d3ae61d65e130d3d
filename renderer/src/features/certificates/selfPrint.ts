import type { CertificateRow } from '../../../../preload/contract';

/** The authorizations stop this certificate ('unknown' before they are synced is no verdict). */
export function hasSelfPrintProblem(row: CertificateRow): boolean {
  return row.selfPrint !== 'ok' && row.selfPrint !== 'unknown';
}

/**
 * Whether a row gets 查看解决办法: something the list itself shows stops it from being printed
 * (the authorizations, archived, layout not received). The diagnosis says what.
 */
export function hasProblem(row: CertificateRow): boolean {
  return hasSelfPrintProblem(row) || row.archiveStatus === 'archived' || row.layoutStatus !== 'received';
}

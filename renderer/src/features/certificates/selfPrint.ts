import { refusesSelfPrint, type CertificateRow } from '../../../../preload/contract';

/**
 * Whether a row gets 查看解决办法: something the list itself shows stops it from being printed
 * (the authorizations, archived, layout not received). The diagnosis says what.
 */
export function hasProblem(row: CertificateRow): boolean {
  return refusesSelfPrint(row.selfPrint) || row.archiveStatus === 'archived' || row.layoutStatus !== 'received';
}

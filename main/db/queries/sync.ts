// Sync bookkeeping: the cursor and the certificates of one page commit together,
// so an interrupted sync resumes after the last whole page and never half-writes.

import type { CertificateDto } from '../../net/contract';
import type { Statement } from 'better-sqlite3';
import { withoutFsync, type Db } from '../connection';
import { certificateSelfPrint, upsertCertificates } from './certificates';
import { refusesSelfPrint } from '../../../preload/contract';
import { getMeta, setMeta } from './meta';

const CURSOR_KEY = 'sync.cursor';
const LAST_SUCCESS_KEY = 'sync.lastSuccessAt';

export function getSyncCursor(db: Db): number {
  return Number(getMeta(db, CURSOR_KEY) ?? 0);
}

/**
 * Applies one page; with `countNewlyPrintable`, also answers how many of its certificates
 * became printable with it (see isPrintableNow) that were not before, or were not cached
 * at all. Only the page's own rows are looked at, by primary key: never the whole table.
 */
export function applyChangesPage(db: Db, items: readonly CertificateDto[], nextCursor: number, options: { countNewlyPrintable?: boolean } = {}): number {
  // A page lost to a power cut is fetched again: its cursor goes with it.
  return withoutFsync(db, () => db.transaction(() => {
    // Prepared once per page, not once per row: preparing was a fixed cost on every certificate.
    const before = options.countNewlyPrintable ? db.prepare(STATUS_BEFORE) : null;
    const candidates = before ? items.filter((item) => isPrintableNow(item) && !wasPrintable(before, item.certificateId)) : [];
    upsertCertificates(db, items);
    setMeta(db, CURSOR_KEY, String(nextCursor));
    // After the upsert: the authorization rule reads the stored row (approval time, applicant).
    return candidates.filter((item) => !refusesSelfPrint(certificateSelfPrint(db, item.certificateId) ?? 'unknown')).length;
  })());
}

/** 接收成功, 未归档, 待打印: what a user can print now (the authorization rule is checked on the stored row). */
function isPrintableNow(item: Pick<CertificateDto, 'layoutStatus' | 'archiveStatus' | 'printStatus'>): boolean {
  return item.layoutStatus === 'received' && item.archiveStatus === 'unarchived' && item.printStatus === 'pending';
}

const STATUS_BEFORE = 'SELECT layout_status, archive_status, print_status FROM certificates WHERE certificate_id = ?';

function wasPrintable(statement: Statement, certificateId: string): boolean {
  const before = statement.get(certificateId) as
    | { layout_status: CertificateDto['layoutStatus']; archive_status: CertificateDto['archiveStatus']; print_status: CertificateDto['printStatus'] }
    | undefined;
  return before !== undefined && isPrintableNow({ layoutStatus: before.layout_status, archiveStatus: before.archive_status, printStatus: before.print_status });
}

export function getLastSyncSuccess(db: Db): string | null {
  return getMeta(db, LAST_SUCCESS_KEY);
}

export function setLastSyncSuccess(db: Db, at: string): void {
  setMeta(db, LAST_SUCCESS_KEY, at);
}

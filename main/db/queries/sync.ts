// Sync bookkeeping: the cursor and the certificates of one page commit together,
// so an interrupted sync resumes after the last whole page and never half-writes.

import type { CertificateDto } from '../../net/contract';
import type { Db } from '../connection';
import { upsertCertificates } from './certificates';
import { getMeta, setMeta } from './meta';

const CURSOR_KEY = 'sync.cursor';
const LAST_SUCCESS_KEY = 'sync.lastSuccessAt';

export function getSyncCursor(db: Db): number {
  return Number(getMeta(db, CURSOR_KEY) ?? 0);
}

export function applyChangesPage(db: Db, items: readonly CertificateDto[], nextCursor: number): void {
  db.transaction(() => {
    upsertCertificates(db, items);
    setMeta(db, CURSOR_KEY, String(nextCursor));
  })();
}

export function getLastSyncSuccess(db: Db): string | null {
  return getMeta(db, LAST_SUCCESS_KEY);
}

export function setLastSyncSuccess(db: Db, at: string): void {
  setMeta(db, LAST_SUCCESS_KEY, at);
}

// The figures 设置 and 关于 show for a profile's cache, in one round trip to the worker.

import type { Db } from '../connection';
import { countOutbox } from './outbox';
import { getLastSyncSuccess } from './sync';

export interface CacheCounts {
  certificates: number;
  unsentActions: number;
  unfinishedPrints: number;
  lastSyncAt: string | null;
}

export function cacheCounts(db: Db): CacheCounts {
  const { certificates } = db.prepare('SELECT count(*) AS certificates FROM certificates').get() as { certificates: number };
  const { unfinished } = db
    .prepare(`SELECT count(*) AS unfinished FROM prints WHERE state NOT IN ('confirmed', 'failed')`)
    .get() as { unfinished: number };
  return { certificates, unsentActions: countOutbox(db), unfinishedPrints: unfinished, lastSyncAt: getLastSyncSuccess(db) };
}

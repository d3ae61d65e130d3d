// The version the list's memo (certificates.ts, listOrder) is kept for: it must move with
// every write that can change which certificates a filter yields or their order, and
// should not move with the others (the sync cursor, the authorizations, the text index),
// since a memo dropped costs the next block a pass over an index (~300–470 ms at 1,000,000).

import type { Db } from '../connection';

const neutralChanges = new WeakMap<Db, number>();
const inNeutralWrite = new WeakSet<Db>();

function totalChanges(db: Db): number {
  return db.prepare('SELECT total_changes()').pluck().get() as number;
}

/**
 * total_changes() counts the rows this connection wrote (the DB worker is the only writer),
 * less those written inside listNeutral; data_version moves when another connection
 * commits. Any other write drops the memo, whatever table it is to (test/db writes
 * certificates with raw SQL and expects the list to follow): a stale page is wrong, a
 * rebuilt one is only slower.
 */
export function listDataVersion(db: Db): string {
  const changes = totalChanges(db) - (neutralChanges.get(db) ?? 0);
  return `${changes}:${String(db.pragma('data_version', { simple: true }))}`;
}

/** Runs a write that changes no list's rows or their order: what it writes leaves the memo in place. */
export function listNeutral<T>(db: Db, write: () => T): T {
  // Nested (replaceEnterprises writes meta too): the outermost counts the changes once.
  if (inNeutralWrite.has(db)) return write();
  inNeutralWrite.add(db);
  const before = totalChanges(db);
  try {
    return write();
  } finally {
    inNeutralWrite.delete(db);
    neutralChanges.set(db, (neutralChanges.get(db) ?? 0) + totalChanges(db) - before);
  }
}

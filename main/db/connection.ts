import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { migrate } from './migrations';

export type Db = Database.Database;

/** Opens (creating if needed) a cache database with the pragmas every connection needs. */
export function openDatabase(path: string): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  // WAL: readers never block the writer, and a crash never leaves half a transaction.
  db.pragma('journal_mode = WAL');
  // FULL: a confirmed print or a queued server write must survive a power cut too.
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  // A sync page writes into every index of certificates at the insertion points of its
  // rows; the random-keyed ones (certificate id, number, applicant) touch a different leaf
  // per row. With SQLite's default 2 MB cache those leaves were read back from the file
  // for every row once the cache passed ~20,000 certificates, so a page's cost grew with
  // the table (10,500 rows/s empty, 2,500 at 280,000). 64 MB holds the interior pages
  // and the random-keyed leaves of a million certificates; it is a limit, not an allocation.
  db.pragma('cache_size = -65536');
  // Even cached, each of those leaves is written to the WAL at commit and again into the
  // file at the checkpoint: at the default 1,000 frames a checkpoint followed every page
  // once the cache passed ~50,000 certificates (a page then wrote ~1,500 frames, 200
  // when empty). 16,384 frames (64 MB) lets a leaf changed by many pages reach the file
  // once; the size limit gives the disk back after each checkpoint.
  db.pragma('wal_autocheckpoint = 16384');
  db.pragma('journal_size_limit = 67108864');
  migrate(db);
  return db;
}

/**
 * Runs a write that can be redone (a sync page: its cursor commits with it) without the
 * fsync of synchronous = FULL at its commit, 18 ms a page on this machine. In WAL mode a
 * power cut can then roll back the latest such commits, never corrupt the file, and the
 * next FULL commit makes them durable with it. Not inside a transaction: the level
 * applies to the commits made while it is set.
 */
export function withoutFsync<T>(db: Db, write: () => T): T {
  db.pragma('synchronous = NORMAL');
  try {
    return write();
  } finally {
    db.pragma('synchronous = FULL');
  }
}

// The outbox holds writes the server must receive exactly once. A row is added in
// the same transaction as the local change it reports, and removed only after the
// server acknowledged it; the idempotency key makes a repeat harmless.

import type { Db } from '../connection';

export type OutboxOperation = 'print-confirmation' | 'exception-print';

export interface OutboxEntry {
  id: number;
  idempotencyKey: string;
  operation: OutboxOperation;
  payload: string;
  attempts: number;
}

export function enqueueOutbox(db: Db, entry: { idempotencyKey: string; operation: OutboxOperation; payload: unknown; now: string }): void {
  db.prepare(
    `INSERT INTO outbox (idempotency_key, operation, payload, created_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (idempotency_key) DO NOTHING`,
  ).run(entry.idempotencyKey, entry.operation, JSON.stringify(entry.payload), entry.now);
}

export function pendingOutbox(db: Db, limit: number): OutboxEntry[] {
  return db
    .prepare(
      `SELECT id, idempotency_key AS idempotencyKey, operation, payload, attempts FROM outbox ORDER BY id LIMIT ?`,
    )
    .all(limit) as OutboxEntry[];
}

export function removeOutbox(db: Db, id: number): void {
  db.prepare('DELETE FROM outbox WHERE id = ?').run(id);
}

export function noteOutboxFailure(db: Db, id: number, error: string): void {
  db.prepare('UPDATE outbox SET attempts = attempts + 1, last_error = ? WHERE id = ?').run(error.slice(0, 500), id);
}

export function countOutbox(db: Db): number {
  return (db.prepare('SELECT count(*) AS n FROM outbox').get() as { n: number }).n;
}

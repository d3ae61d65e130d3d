import type { Db } from '../connection';
import { listNeutral } from './list-version';

export function getMeta(db: Db, key: string): string | null {
  const row = db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined;
  return row?.value ?? null;
}

/** No list reads meta: a write here (the sync cursor, the last success) keeps the list's memo. */
export function setMeta(db: Db, key: string, value: string): void {
  listNeutral(db, () =>
    db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value),
  );
}

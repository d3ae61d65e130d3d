// Numbered migrations (steps of 10). PRAGMA user_version records the last one
// applied; all pending migrations run in one transaction, and a database written
// by a newer app is refused rather than damaged.

import type { Database } from 'better-sqlite3';
import * as m0010 from './0010-init';
import * as m0020 from './0020-authorizations';
import * as m0030 from './0030-exceptions';
import * as m0040 from './0040-e-certificates';
import * as m0060 from './0060-slim-detail';
import * as m0070 from './0070-list-index';
import * as m0080 from './0080-text-search';
import * as m0090 from './0090-text-index-per-page';

export interface Migration {
  version: number;
  up(db: Database): void;
}

export const MIGRATIONS: readonly Migration[] = [
  { version: 10, up: m0010.up },
  { version: 20, up: m0020.up },
  { version: 30, up: m0030.up },
  { version: 40, up: m0040.up },
  { version: 60, up: m0060.up },
  { version: 70, up: m0070.up },
  { version: 80, up: m0080.up },
  { version: 90, up: m0090.up },
];

export const LATEST_VERSION = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;

export class NewerDatabaseError extends Error {
  constructor(
    readonly found: number,
    readonly supported: number,
  ) {
    super(`database version ${found} is newer than this app's ${supported}`);
  }
}

export function migrate(db: Database, migrations: readonly Migration[] = MIGRATIONS): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  const latest = migrations[migrations.length - 1]?.version ?? 0;
  if (current > latest) throw new NewerDatabaseError(current, latest);
  const pending = migrations.filter((migration) => migration.version > current);
  if (pending.length === 0) return current;
  db.transaction(() => {
    for (const migration of pending) {
      migration.up(db);
      db.pragma(`user_version = ${migration.version}`);
    }
  })();
  return pending[pending.length - 1]!.version;
}

import type { Database } from 'better-sqlite3';

// 打印异常申请 in the cache: the applications as the server last told (for 异常申请列表
// offline, and for the print rule "one more original per approval" when the server
// cannot be asked), and which print used which approval.
export function up(db: Database): void {
  db.exec(`
    CREATE TABLE exception_applications (
      application_id TEXT PRIMARY KEY,
      certificate_id TEXT NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
      submitted_at_ms INTEGER NOT NULL,
      used_by_print_id TEXT,
      -- the whole server record, for the list
      detail TEXT NOT NULL
    ) WITHOUT ROWID;
    -- 异常申请列表 is newest first; the print rule looks up one certificate's applications.
    CREATE INDEX exception_applications_by_submitted ON exception_applications (submitted_at_ms, application_id);
    CREATE INDEX exception_applications_by_certificate ON exception_applications (certificate_id, status);

    -- The approval a reprint of the original uses (null for every other print).
    ALTER TABLE prints ADD COLUMN exception_application_id TEXT;
    CREATE INDEX prints_by_exception ON prints (exception_application_id) WHERE exception_application_id IS NOT NULL;
  `);
}

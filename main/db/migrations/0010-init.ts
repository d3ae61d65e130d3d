import type { Database } from 'better-sqlite3';

// The local cache of one enterprise's certificates, the prints made from it, and
// the outbox of writes the server has not acknowledged yet.
export function up(db: Database): void {
  db.exec(`
    CREATE TABLE certificates (
      rowid_ INTEGER PRIMARY KEY,
      certificate_id TEXT NOT NULL UNIQUE,
      seq INTEGER NOT NULL,
      number TEXT NOT NULL UNIQUE,
      type TEXT NOT NULL,
      applicant TEXT NOT NULL,
      destination_country TEXT NOT NULL,
      issue_date TEXT NOT NULL,
      approved_at TEXT NOT NULL,
      layout_status TEXT NOT NULL CHECK (layout_status IN ('generated', 'sending', 'received')),
      archive_status TEXT NOT NULL CHECK (archive_status IN ('unarchived', 'archived')),
      print_status TEXT NOT NULL CHECK (print_status IN ('pending', 'printed')),
      exception_print_count INTEGER NOT NULL,
      original_sha256 TEXT,
      copy_sha256 TEXT,
      -- the whole server record, for preview of fields the list does not show
      detail TEXT NOT NULL
    );
    -- The list is ordered by issue date, newest first; every filter has an index
    -- that leads with it and ends with that order, so filtering, counting and
    -- paging never scan the table.
    CREATE INDEX certificates_by_issue ON certificates (issue_date, number);
    CREATE INDEX certificates_by_type ON certificates (type, issue_date, number);
    CREATE INDEX certificates_by_applicant ON certificates (applicant, issue_date, number);
    CREATE INDEX certificates_by_destination ON certificates (destination_country, issue_date, number);
    CREATE INDEX certificates_by_layout ON certificates (layout_status, issue_date, number);
    CREATE INDEX certificates_by_archive ON certificates (archive_status, issue_date, number);
    CREATE INDEX certificates_by_print ON certificates (print_status, issue_date, number);

    -- Distinct applicants: a substring search runs over this short list, not over
    -- a million certificates, then uses certificates_by_applicant.
    CREATE TABLE applicants (name TEXT PRIMARY KEY) WITHOUT ROWID;
    -- Not INSERT OR IGNORE: inside a trigger fired by an upsert, the outer
    -- statement's conflict handling would override the IGNORE.
    CREATE TRIGGER certificates_applicant_insert AFTER INSERT ON certificates BEGIN
      INSERT INTO applicants (name) SELECT new.applicant
        WHERE NOT EXISTS (SELECT 1 FROM applicants WHERE name = new.applicant);
    END;
    CREATE TRIGGER certificates_applicant_update AFTER UPDATE OF applicant ON certificates BEGIN
      INSERT INTO applicants (name) SELECT new.applicant
        WHERE NOT EXISTS (SELECT 1 FROM applicants WHERE name = new.applicant);
    END;

    CREATE TABLE layouts (
      certificate_id TEXT NOT NULL REFERENCES certificates (certificate_id) ON DELETE CASCADE,
      kind TEXT NOT NULL CHECK (kind IN ('original', 'copy')),
      sha256 TEXT NOT NULL,
      size INTEGER NOT NULL,
      file_name TEXT NOT NULL,
      PRIMARY KEY (certificate_id, kind)
    ) WITHOUT ROWID;

    CREATE TABLE prints (
      print_id TEXT PRIMARY KEY,
      certificate_id TEXT NOT NULL REFERENCES certificates (certificate_id),
      certificate_number TEXT NOT NULL,
      kind TEXT NOT NULL CHECK (kind IN ('both', 'original', 'copy')),
      printer TEXT NOT NULL,
      state TEXT NOT NULL CHECK (state IN
        ('queued', 'reserving', 'spooling', 'printing', 'awaiting-confirmation', 'confirmed', 'failed')),
      spooler_job_id TEXT,
      spooler_outcome TEXT,
      answer TEXT CHECK (answer IN ('yes', 'no')),
      error_code TEXT,
      error_message TEXT,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    ) WITHOUT ROWID;
    CREATE INDEX prints_by_state ON prints (state, created_at);
    CREATE INDEX prints_by_certificate ON prints (certificate_id, kind, state);

    -- Writes the server must receive exactly once; each row carries the
    -- idempotency key the server deduplicates on.
    CREATE TABLE outbox (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      idempotency_key TEXT NOT NULL UNIQUE,
      operation TEXT NOT NULL,
      payload TEXT NOT NULL,
      created_at TEXT NOT NULL,
      attempts INTEGER NOT NULL DEFAULT 0,
      last_error TEXT
    );

    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
  `);
}

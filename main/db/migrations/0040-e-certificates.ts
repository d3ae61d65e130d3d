import type { Database } from 'better-sqlite3';

// 证书下载: the electronic versions (电子版) kept in the profile, one per certificate,
// with the hash they were verified against when downloaded (checked again at each
// opening), and an index over just the types that have an e-version.
export function up(db: Database): void {
  db.exec(`
    CREATE TABLE e_certificates (
      certificate_id TEXT PRIMARY KEY REFERENCES certificates (certificate_id) ON DELETE CASCADE,
      sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
      size INTEGER NOT NULL CHECK (size > 0),
      file_name TEXT NOT NULL,
      downloaded_at TEXT NOT NULL,
      -- set when an opening found the file missing or changed; a new download clears it
      damaged INTEGER NOT NULL DEFAULT 0 CHECK (damaged IN (0, 1))
    ) WITHOUT ROWID;

    -- RC and BR are a small part of a million cached certificates, and the allowed
    -- destinations change by announcement: a partial index in list order serves the page
    -- whatever the destinations, without a sort. Destination and type are in it so the
    -- filter and the count never touch the table (100k table lookups cost ~250 ms).
    CREATE INDEX certificates_e_version ON certificates (issue_date, number, destination_country, type) WHERE type IN ('RC', 'BR');
  `);
}

import type { Database } from 'better-sqlite3';

// 印章签名授权 and 代理打印授权 in the cache, so certificates can be flagged offline:
// each certificate's applicant and approval instant, the enterprises whose
// authorization decides (the enterprise itself and its principals), and on whose
// behalf each print was made.
export function up(db: Database): void {
  db.exec(`
    -- approvedAt carries an offset (+08:00); an instant in ms compares correctly, text would not.
    ALTER TABLE certificates ADD COLUMN applicant_code TEXT NOT NULL DEFAULT '';
    ALTER TABLE certificates ADD COLUMN approved_at_ms INTEGER NOT NULL DEFAULT 0;
    UPDATE certificates SET
      applicant_code = coalesce(json_extract(detail, '$.applicantCode'), ''),
      approved_at_ms = coalesce(unixepoch(json_extract(detail, '$.approvedAt')), 0) * 1000;

    -- The enterprise itself ('self') and every principal that ever granted it proxy
    -- printing, as the server last told; replaced whole at each sync.
    CREATE TABLE enterprises (
      code TEXT PRIMARY KEY,
      customs_code TEXT,
      name TEXT NOT NULL,
      relation TEXT NOT NULL CHECK (relation IN ('self', 'principal')),
      self_print_since TEXT,
      self_print_since_ms INTEGER,
      granted_at TEXT,
      revoked_at TEXT
    ) WITHOUT ROWID;

    ALTER TABLE prints ADD COLUMN on_behalf_of_code TEXT;
    ALTER TABLE prints ADD COLUMN on_behalf_of_name TEXT;
  `);
}

import type { Database } from 'better-sqlite3';
import { encodeDetail } from '../detail';

// Issue 9: 关键字 searches certificate number, applicant, consignee and goods description.
// The applicant is a text like the others: certificates by applicant have no index since 0070.
// Consignees and goods descriptions repeat a lot (an exporter ships the same goods to the
// same customers), so each distinct text is kept once in search_texts and indexed by an
// FTS5 trigram index (substrings in Chinese and English, case-insensitive); a search
// matches the distinct texts and then the certificates that use them (certificate_texts).
// Indexing every certificate's text instead would index the same strings a million times.
// The texts are never deleted: one no certificate uses any more only costs its bytes.
// detail is deflated at the same time (detail.ts says why); rows go in batches so the
// backfill of a big cache never holds it all in memory.
const BATCH = 2000;

export function up(db: Database): void {
  db.exec(`
    CREATE TABLE search_texts (id INTEGER PRIMARY KEY, text TEXT NOT NULL UNIQUE);
    CREATE VIRTUAL TABLE search_texts_fts USING fts5(text, content='search_texts', content_rowid='id', tokenize='trigram');
    CREATE TRIGGER search_texts_indexed AFTER INSERT ON search_texts BEGIN
      INSERT INTO search_texts_fts (rowid, text) VALUES (new.id, new.text);
    END;
    -- By certificate first: a certificate's texts are replaced when it is updated.
    CREATE TABLE certificate_texts (
      certificate INTEGER NOT NULL,
      text_id INTEGER NOT NULL,
      PRIMARY KEY (certificate, text_id)
    ) WITHOUT ROWID;
    CREATE INDEX certificate_texts_by_text ON certificate_texts (text_id, certificate);
  `);
  const page = db.prepare('SELECT rowid_, applicant, detail FROM certificates WHERE rowid_ > ? ORDER BY rowid_ LIMIT ?');
  const findText = db.prepare('SELECT id FROM search_texts WHERE text = ?').pluck();
  const addText = db.prepare('INSERT INTO search_texts (text) VALUES (?) RETURNING id').pluck();
  const link = db.prepare('INSERT OR IGNORE INTO certificate_texts (certificate, text_id) VALUES (?, ?)');
  const pack = db.prepare('UPDATE certificates SET detail = ? WHERE rowid_ = ?');
  let after = 0;
  for (;;) {
    const rows = page.all(after, BATCH) as { rowid_: number; applicant: string; detail: string | Buffer }[];
    if (rows.length === 0) break;
    for (const row of rows) {
      if (typeof row.detail !== 'string') continue;
      const detail = JSON.parse(row.detail) as { consignee?: string; goods?: { description?: string }[] };
      const texts = new Set([row.applicant, detail.consignee ?? '', ...(detail.goods ?? []).map((item) => item.description ?? '')]);
      for (const text of texts) {
        if (text === '') continue;
        const id = (findText.get(text) as number | undefined) ?? (addText.get(text) as number);
        link.run(row.rowid_, id);
      }
      pack.run(encodeDetail(row.detail), row.rowid_);
    }
    after = rows[rows.length - 1]!.rowid_;
  }
}

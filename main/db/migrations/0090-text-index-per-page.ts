import type { Database } from 'better-sqlite3';

// Issue 9 (first sync of 100,000 certificates): 0080's trigger put each new distinct text
// into the trigram index as it was inserted, and that was half of a sync page's cost. The
// same inserts made by one INSERT … SELECT at the end of the page (upsertCertificates)
// index the same texts in a quarter of the time: 41,058 texts took 1,994 ms by the
// trigger and 492 ms in bulk, measured on the first sync's own texts.
//
// certificates_by_print served the layout prefetch, which reads certificates_list since
// it looks only at the newest printable certificates; no plan uses it now, and it cost
// every sync write an index update.
export function up(db: Database): void {
  db.exec(`
    DROP TRIGGER search_texts_indexed;
    DROP INDEX certificates_by_print;
  `);
}

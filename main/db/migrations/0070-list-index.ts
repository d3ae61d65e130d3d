import type { Database } from 'better-sqlite3';

// The list resolves a filter in one pass over one index (queries/certificates.ts,
// listOrder): an index in the list's order that holds every filtered column, so a
// filter is evaluated in the index and never by a table lookup per row, and the pass
// costs the same whatever the filter. The six per-filter indexes of 0010 served the
// old OFFSET pages; no plan needs them now, and each cost every sync write an index
// update and ~40–75 bytes a certificate. certificates_by_print stays: the layout
// prefetch (certificatesMissingLayouts) seeks it for pending prints.
export function up(db: Database): void {
  db.exec(`
    CREATE INDEX certificates_list ON certificates (issue_date, number, print_status, archive_status, layout_status, type,
      destination_country, applicant);
    DROP INDEX certificates_by_issue;
    DROP INDEX certificates_by_type;
    DROP INDEX certificates_by_applicant;
    DROP INDEX certificates_by_destination;
    DROP INDEX certificates_by_layout;
    DROP INDEX certificates_by_archive;
  `);
}

import type { Database } from 'better-sqlite3';

// certificates.detail kept the whole server record although 13 of its fields (and the
// two layout hashes) are columns of the same row: a row took ~1,530 bytes, so only two
// fitted in a 4 KB page and a million certificates took 2.4 GB. The detail now keeps
// only what no column has (exporter, consignee, goods, …); getCertificate puts the
// record back together from both, so preview, printing and export see the same record.
// Must stay in step with detailOf in queries/certificates.ts.
export function up(db: Database): void {
  db.exec(`
    UPDATE certificates SET detail = json_remove(detail,
      '$.certificateId', '$.seq', '$.number', '$.type', '$.applicant', '$.applicantCode',
      '$.destinationCountry', '$.issueDate', '$.approvedAt', '$.layoutStatus', '$.archiveStatus',
      '$.printStatus', '$.exceptionPrintCount', '$.layouts.original.sha256', '$.layouts.copy.sha256');
  `);
}

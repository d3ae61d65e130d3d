// 证书下载: the cached certificates that have an electronic version (RC and BR, for the
// destinations the server allows), and the e-versions kept in the profile.

import type { DownloadPage, DownloadQuery, DownloadRow, DownloadStatus } from '../../../preload/contract';
import type { Db } from '../connection';
import { join, sql, type SqlQuery } from '../sql';

export interface ECertificateRecord {
  certificateId: string;
  sha256: string;
  size: number;
  fileName: string;
  downloadedAt: string;
  damaged: boolean;
}

export type ECertificateListQuery = DownloadQuery & {
  /** The destinations the server allows (its scope, or the cached one). */
  destinations: readonly string[];
};

interface ListRecord {
  certificate_id: string;
  number: string;
  type: string;
  applicant: string;
  destination_country: string;
  issue_date: string;
  downloaded_at: string | null;
  damaged: number | null;
}

/** The destinations a query may show: the scope, narrowed to the one asked for. */
function allowedDestinations(query: ECertificateListQuery): string[] {
  return query.destinationCountry ? query.destinations.filter((name) => name === query.destinationCountry) : [...query.destinations];
}

function conditions(query: ECertificateListQuery): SqlQuery {
  // Written exactly as in the partial index, so SQLite knows the index covers these rows.
  const parts: SqlQuery[] = [sql`c.type IN ('RC', 'BR')`];
  // An empty list never reaches SQL (see searchECertificates): IN () is no SQL, and WHERE 0 leaves INDEXED BY no plan.
  parts.push(sql`c.destination_country IN (${join(allowedDestinations(query).map((name) => sql`${name}`), ', ')})`);
  const number = query.number?.trim().toUpperCase();
  if (number) parts.push(sql`c.number >= ${number} AND c.number < ${`${number}~`}`);
  if (query.type) parts.push(sql`c.type = ${query.type}`);
  if (query.issueDateFrom) parts.push(sql`c.issue_date >= ${query.issueDateFrom}`);
  if (query.issueDateTo) parts.push(sql`c.issue_date <= ${query.issueDateTo}`);
  return join(parts, ' AND ');
}

export function eCertificateListQueries(query: ECertificateListQuery): { count: SqlQuery; rows: SqlQuery } {
  const where = conditions(query);
  return {
    count: sql`SELECT count(*) AS total FROM certificates c INDEXED BY certificates_e_version WHERE ${where}`,
    // INDEXED BY: the planner would otherwise take certificates_by_type for the IN and sort
    // every RC/BR row for the ORDER BY; the partial index is already in list order and holds
    // every filtered column. The page is cut on the index alone (rowid_ is in it), so rows
    // skipped by OFFSET are never read from the table; only the page's rows are.
    rows: sql`SELECT c.certificate_id, c.number, c.type, c.applicant, c.destination_country, c.issue_date, d.downloaded_at, d.damaged
      FROM (SELECT c.rowid_ FROM certificates c INDEXED BY certificates_e_version WHERE ${where}
        ORDER BY c.issue_date DESC, c.number DESC LIMIT ${query.limit} OFFSET ${query.offset}) page
      JOIN certificates c ON c.rowid_ = page.rowid_
      LEFT JOIN e_certificates d ON d.certificate_id = c.certificate_id
      ORDER BY c.issue_date DESC, c.number DESC`,
  };
}

function statusOf(record: ListRecord): DownloadStatus {
  if (record.downloaded_at === null) return 'none';
  return record.damaged === 1 ? 'damaged' : 'downloaded';
}

export function searchECertificates(db: Db, query: ECertificateListQuery): DownloadPage {
  if (allowedDestinations(query).length === 0) return { total: 0, offset: query.offset, rows: [] };
  const { count, rows } = eCertificateListQueries(query);
  const { total } = db.prepare(count.text).get(...count.params) as { total: number };
  const records = db.prepare(rows.text).all(...rows.params) as ListRecord[];
  return {
    total,
    offset: query.offset,
    rows: records.map(
      (record): DownloadRow => ({
        certificateId: record.certificate_id,
        number: record.number,
        type: record.type,
        applicant: record.applicant,
        destinationCountry: record.destination_country,
        issueDate: record.issue_date,
        download: statusOf(record),
        downloadedAt: record.downloaded_at,
      }),
    ),
  };
}

export function getECertificate(db: Db, certificateId: string): ECertificateRecord | null {
  const row = db
    .prepare(
      `SELECT certificate_id AS certificateId, sha256, size, file_name AS fileName, downloaded_at AS downloadedAt, damaged
       FROM e_certificates WHERE certificate_id = ?`,
    )
    .get(certificateId) as (Omit<ECertificateRecord, 'damaged'> & { damaged: number }) | undefined;
  return row ? { ...row, damaged: row.damaged === 1 } : null;
}

/** After a verified download: the new file replaces the record (and clears a damaged mark). */
export function recordECertificate(db: Db, record: Omit<ECertificateRecord, 'damaged'>): void {
  db.prepare(
    `INSERT INTO e_certificates (certificate_id, sha256, size, file_name, downloaded_at, damaged)
     VALUES (@certificateId, @sha256, @size, @fileName, @downloadedAt, 0)
     ON CONFLICT (certificate_id) DO UPDATE SET sha256 = excluded.sha256, size = excluded.size,
       file_name = excluded.file_name, downloaded_at = excluded.downloaded_at, damaged = 0`,
  ).run(record);
}

export function markECertificateDamaged(db: Db, certificateId: string): void {
  db.prepare('UPDATE e_certificates SET damaged = 1 WHERE certificate_id = ?').run(certificateId);
}

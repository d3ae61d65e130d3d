// 证书下载: the cached certificates that have an electronic version (RC and BR, for the
// destinations the server allows), and the e-versions kept in the profile.

import type { DownloadPage, DownloadQuery, DownloadRow, DownloadStatus } from '../../../preload/contract';
import type { Db } from '../connection';
import { join, sql, type SqlQuery } from '../sql';
import { memoizedListOrder } from './list-order';
import { listNeutral } from './list-version';

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

// A filter is resolved once into its rowids in list order (list-order.ts), then each block is
// looked up by primary key: count(*) over the filter and OFFSET walking the skipped entries
// cost 17–37 ms p95 a block at 1,000,000 cached, over issue 9's 15 ms.
export function eCertificateListQueries(query: ECertificateListQuery): { order: SqlQuery; rows: (rowids: number) => string } {
  return {
    // INDEXED BY: the planner would otherwise take certificates_by_type for the IN and sort
    // every RC/BR row for the ORDER BY; the partial index is already in list order and holds
    // every filtered column, so one covering pass yields the list without reading the table.
    order: sql`SELECT c.rowid_ FROM certificates c INDEXED BY certificates_e_version WHERE ${conditions(query)}
      ORDER BY c.issue_date DESC, c.number DESC`,
    rows: (rowids) =>
      `SELECT c.rowid_, c.certificate_id, c.number, c.type, c.applicant, c.destination_country, c.issue_date, d.downloaded_at, d.damaged
       FROM certificates c LEFT JOIN e_certificates d ON d.certificate_id = c.certificate_id
       WHERE c.rowid_ IN (${Array(rowids).fill('?').join(', ')})`,
  };
}

function statusOf(record: ListRecord): DownloadStatus {
  if (record.downloaded_at === null) return 'none';
  return record.damaged === 1 ? 'damaged' : 'downloaded';
}

export function searchECertificates(db: Db, query: ECertificateListQuery): DownloadPage {
  if (allowedDestinations(query).length === 0) return { total: 0, offset: query.offset, rows: [] };
  const { offset: _offset, limit: _limit, ...filter } = query;
  const queries = eCertificateListQueries(query);
  const rowids = memoizedListOrder(db, 'e-certificates', filter, () =>
    db.prepare(queries.order.text).pluck().all(...queries.order.params) as number[],
  );
  const block = Array.from(rowids.subarray(query.offset, query.offset + query.limit));
  if (block.length === 0) return { total: rowids.length, offset: query.offset, rows: [] };
  const records = db.prepare(queries.rows(block.length)).all(...block) as (ListRecord & { rowid_: number })[];
  const byRowid = new Map(records.map((record) => [record.rowid_, record]));
  return {
    total: rowids.length,
    offset: query.offset,
    // Every rowid is there: the memo belongs to this data version, so no row left since.
    rows: block.map((rowid): DownloadRow => {
      const record = byRowid.get(rowid)!;
      return {
        certificateId: record.certificate_id,
        number: record.number,
        type: record.type,
        applicant: record.applicant,
        destinationCountry: record.destination_country,
        issueDate: record.issue_date,
        download: statusOf(record),
        downloadedAt: record.downloaded_at,
      };
    }),
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

// The lists' memos hold certificates' rowids and a block reads its download status afresh,
// so a download or a damaged mark keeps them: a batch of downloads would otherwise make
// every block requested during it resolve its filter again.

/** After a verified download: the new file replaces the record (and clears a damaged mark). */
export function recordECertificate(db: Db, record: Omit<ECertificateRecord, 'damaged'>): void {
  const upsert = db.prepare(
    `INSERT INTO e_certificates (certificate_id, sha256, size, file_name, downloaded_at, damaged)
     VALUES (@certificateId, @sha256, @size, @fileName, @downloadedAt, 0)
     ON CONFLICT (certificate_id) DO UPDATE SET sha256 = excluded.sha256, size = excluded.size,
       file_name = excluded.file_name, downloaded_at = excluded.downloaded_at, damaged = 0`,
  );
  listNeutral(db, () => upsert.run(record));
}

export function markECertificateDamaged(db: Db, certificateId: string): void {
  const mark = db.prepare('UPDATE e_certificates SET damaged = 1 WHERE certificate_id = ?');
  listNeutral(db, () => mark.run(certificateId));
}

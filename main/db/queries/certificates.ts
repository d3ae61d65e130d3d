// Queries over the certificate cache. Every list query is ordered by issue date
// (newest first) and served by an index; test/db asserts the plans.

import type { CertificatePage, CertificateQuery, CertificateRow } from '../../../preload/contract';
import type { CertificateDto } from '../../net/contract';
import type { Db } from '../connection';
import { join, raw, sql, type SqlQuery } from '../sql';

interface CertificateRecord {
  certificate_id: string;
  number: string;
  type: string;
  applicant: string;
  destination_country: string;
  issue_date: string;
  layout_status: CertificateRow['layoutStatus'];
  archive_status: CertificateRow['archiveStatus'];
  print_status: CertificateRow['printStatus'];
  exception_print_count: number;
}

const ROW_COLUMNS = `certificate_id, number, type, applicant, destination_country, issue_date,
  layout_status, archive_status, print_status, exception_print_count`;

function toRow(record: CertificateRecord): CertificateRow {
  return {
    certificateId: record.certificate_id,
    number: record.number,
    type: record.type,
    applicant: record.applicant,
    destinationCountry: record.destination_country,
    issueDate: record.issue_date,
    layoutStatus: record.layout_status,
    archiveStatus: record.archive_status,
    printStatus: record.print_status,
    exceptionPrintCount: record.exception_print_count,
  };
}

/** Inserts or replaces server records; the caller wraps it in its transaction. */
export function upsertCertificates(db: Db, items: readonly CertificateDto[]): void {
  const statement = db.prepare(`
    INSERT INTO certificates (certificate_id, seq, number, type, applicant, destination_country, issue_date,
      approved_at, layout_status, archive_status, print_status, exception_print_count,
      original_sha256, copy_sha256, detail)
    VALUES (@certificateId, @seq, @number, @type, @applicant, @destinationCountry, @issueDate,
      @approvedAt, @layoutStatus, @archiveStatus, @printStatus, @exceptionPrintCount,
      @originalSha256, @copySha256, @detail)
    ON CONFLICT (certificate_id) DO UPDATE SET
      seq = excluded.seq, number = excluded.number, type = excluded.type, applicant = excluded.applicant,
      destination_country = excluded.destination_country, issue_date = excluded.issue_date,
      approved_at = excluded.approved_at, layout_status = excluded.layout_status,
      archive_status = excluded.archive_status, print_status = excluded.print_status,
      exception_print_count = excluded.exception_print_count, original_sha256 = excluded.original_sha256,
      copy_sha256 = excluded.copy_sha256, detail = excluded.detail
    WHERE excluded.seq >= certificates.seq`);
  for (const item of items) {
    statement.run({
      certificateId: item.certificateId,
      seq: item.seq,
      number: item.number,
      type: item.type,
      applicant: item.applicant,
      destinationCountry: item.destinationCountry,
      issueDate: item.issueDate,
      approvedAt: item.approvedAt,
      layoutStatus: item.layoutStatus,
      archiveStatus: item.archiveStatus,
      printStatus: item.printStatus,
      exceptionPrintCount: item.exceptionPrintCount,
      originalSha256: item.layouts?.original.sha256 ?? null,
      copySha256: item.layouts?.copy.sha256 ?? null,
      detail: JSON.stringify(item),
    });
  }
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}

function conditions(query: CertificateQuery): SqlQuery {
  const parts: SqlQuery[] = [];
  const number = query.number?.trim().toUpperCase();
  // A prefix as a range, so the unique index on number serves it.
  if (number) parts.push(sql`number >= ${number} AND number < ${`${number}~`}`);
  if (query.type) parts.push(sql`type = ${query.type}`);
  const applicant = query.applicant?.trim();
  if (applicant) {
    parts.push(sql`applicant IN (SELECT name FROM applicants WHERE name LIKE ${`%${escapeLike(applicant)}%`} ESCAPE '\\')`);
  }
  if (query.issueDateFrom) parts.push(sql`issue_date >= ${query.issueDateFrom}`);
  if (query.issueDateTo) parts.push(sql`issue_date <= ${query.issueDateTo}`);
  if (query.destinationCountry) parts.push(sql`destination_country = ${query.destinationCountry}`);
  if (query.layoutStatus) parts.push(sql`layout_status = ${query.layoutStatus}`);
  if (query.archiveStatus) parts.push(sql`archive_status = ${query.archiveStatus}`);
  if (query.printStatus) parts.push(sql`print_status = ${query.printStatus}`);
  return parts.length === 0 ? sql`1` : join(parts, ' AND ');
}

export function certificateListQueries(query: CertificateQuery): { count: SqlQuery; rows: SqlQuery } {
  const where = conditions(query);
  return {
    count: sql`SELECT count(*) AS total FROM certificates WHERE ${where}`,
    rows: sql`SELECT ${raw(ROW_COLUMNS)} FROM certificates WHERE ${where}
      ORDER BY issue_date DESC, number DESC LIMIT ${query.limit} OFFSET ${query.offset}`,
  };
}

export function searchCertificates(db: Db, query: CertificateQuery): CertificatePage {
  const { count, rows } = certificateListQueries(query);
  const { total } = db.prepare(count.text).get(...count.params) as { total: number };
  const records = db.prepare(rows.text).all(...rows.params) as CertificateRecord[];
  return { total, offset: query.offset, rows: records.map(toRow) };
}

export function getCertificate(db: Db, certificateId: string): CertificateDto | null {
  const record = db.prepare('SELECT detail FROM certificates WHERE certificate_id = ?').get(certificateId) as
    | { detail: string }
    | undefined;
  return record ? (JSON.parse(record.detail) as CertificateDto) : null;
}

/** Certificates whose layouts should be on disk for offline preview and printing. */
export function certificatesMissingLayouts(db: Db, limit: number): { certificateId: string; kind: 'original' | 'copy'; sha256: string }[] {
  return db
    .prepare(
      `SELECT c.certificate_id AS certificateId, k.kind AS kind,
         CASE k.kind WHEN 'original' THEN c.original_sha256 ELSE c.copy_sha256 END AS sha256
       FROM certificates c INDEXED BY certificates_by_print
       CROSS JOIN (SELECT 'original' AS kind UNION ALL SELECT 'copy') k
       WHERE c.print_status = 'pending' AND c.layout_status = 'received' AND c.archive_status = 'unarchived'
         AND NOT EXISTS (SELECT 1 FROM layouts l WHERE l.certificate_id = c.certificate_id AND l.kind = k.kind
           AND l.sha256 = CASE k.kind WHEN 'original' THEN c.original_sha256 ELSE c.copy_sha256 END)
       ORDER BY c.issue_date DESC LIMIT ?`,
    )
    .all(limit) as { certificateId: string; kind: 'original' | 'copy'; sha256: string }[];
}

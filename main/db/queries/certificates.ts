// Queries over the certificate cache. Every list query is ordered by issue date
// (newest first) and served by an index; test/db asserts the plans.

import type {
  CertificateDiagnosis,
  CertificateExportQuery,
  CertificatePage,
  CertificateQuery,
  CertificateRow,
  SelfPrintStatus,
} from '../../../preload/contract';
import { certificateProblems, selfPrintStatus } from '../../core/self-print';
import type { CertificateDto } from '../../net/contract';
import type { Db } from '../connection';
import { decodeDetail, encodeDetail } from '../detail';
import { join, raw, sql, type SqlQuery } from '../sql';
import { authorizationsKnown } from './enterprises';
import { memoizedListOrder, memoizedOrder } from './list-order';

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
  approved_at_ms: number;
  /** From the applicant's row in enterprises (LEFT JOIN): null when the applicant is not listed. */
  relation: 'self' | 'principal' | null;
  self_print_since_ms: number | null;
  revoked_at: string | null;
}

const CERTIFICATE_COLUMNS = [
  'certificate_id', 'number', 'type', 'applicant', 'applicant_code', 'destination_country', 'issue_date',
  'layout_status', 'archive_status', 'print_status', 'exception_print_count', 'approved_at_ms',
];
const columnsOf = (alias: string): string => CERTIFICATE_COLUMNS.map((column) => `${alias}.${column}`).join(', ');
/** The applicant's authorization (enterprises e), joined by its primary key. */
const APPLICANT_COLUMNS = 'e.relation, e.self_print_since_ms, e.revoked_at';
const ROW_COLUMNS = `${columnsOf('c')}, ${APPLICANT_COLUMNS}`;
const APPLICANT_JOIN = 'LEFT JOIN enterprises e ON e.code = c.applicant_code';

function selfPrintOf(record: CertificateRecord, known: boolean): SelfPrintStatus {
  const applicant =
    record.relation === null ? null : { relation: record.relation, selfPrintSinceMs: record.self_print_since_ms, revokedAt: record.revoked_at };
  return selfPrintStatus(record.approved_at_ms, applicant, known);
}

function toRow(record: CertificateRecord, known: boolean): CertificateRow {
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
    selfPrint: selfPrintOf(record, known),
  };
}

/** Inserts or replaces server records; the caller wraps it in its transaction. */
export function upsertCertificates(db: Db, items: readonly CertificateDto[]): void {
  const statement = db.prepare(`
    INSERT INTO certificates (certificate_id, seq, number, type, applicant, applicant_code, destination_country, issue_date,
      approved_at, approved_at_ms, layout_status, archive_status, print_status, exception_print_count,
      original_sha256, copy_sha256, detail)
    VALUES (@certificateId, @seq, @number, @type, @applicant, @applicantCode, @destinationCountry, @issueDate,
      @approvedAt, @approvedAtMs, @layoutStatus, @archiveStatus, @printStatus, @exceptionPrintCount,
      @originalSha256, @copySha256, @detail)
    ON CONFLICT (certificate_id) DO UPDATE SET
      seq = excluded.seq, number = excluded.number, type = excluded.type, applicant = excluded.applicant,
      applicant_code = excluded.applicant_code, destination_country = excluded.destination_country,
      issue_date = excluded.issue_date, approved_at = excluded.approved_at, approved_at_ms = excluded.approved_at_ms,
      layout_status = excluded.layout_status,
      archive_status = excluded.archive_status, print_status = excluded.print_status,
      exception_print_count = excluded.exception_print_count, original_sha256 = excluded.original_sha256,
      copy_sha256 = excluded.copy_sha256, detail = excluded.detail
    WHERE excluded.seq >= certificates.seq
    RETURNING rowid_`).pluck();
  const texts = searchTextStatements(db);
  for (const item of items) {
    const stored = statement.get({
      certificateId: item.certificateId,
      seq: item.seq,
      number: item.number,
      type: item.type,
      applicant: item.applicant,
      applicantCode: item.applicantCode,
      destinationCountry: item.destinationCountry,
      issueDate: item.issueDate,
      approvedAt: item.approvedAt,
      approvedAtMs: Date.parse(item.approvedAt),
      layoutStatus: item.layoutStatus,
      archiveStatus: item.archiveStatus,
      printStatus: item.printStatus,
      exceptionPrintCount: item.exceptionPrintCount,
      originalSha256: item.layouts?.original.sha256 ?? null,
      copySha256: item.layouts?.copy.sha256 ?? null,
      detail: encodeDetail(detailOf(item)),
    }) as number | undefined;
    // No row back: an older version than the cached one, which was left as it was.
    if (stored !== undefined) texts.replace(stored, searchTextsOf(item));
  }
  texts.indexNew();
}

/** What 关键字 finds besides the number prefix (migration 0080 keeps them). */
function searchTextsOf(item: Pick<CertificateDto, 'applicant' | 'consignee' | 'goods'>): Set<string> {
  const texts = new Set([item.applicant, item.consignee, ...item.goods.map((goods) => goods.description)]);
  texts.delete('');
  return texts;
}

/** Links certificates to their texts; the texts new to the cache go into the trigram index at the end, in one statement. */
function searchTextStatements(db: Db) {
  const unlink = db.prepare('DELETE FROM certificate_texts WHERE certificate = ?');
  const find = db.prepare('SELECT id FROM search_texts WHERE text = ?').pluck();
  const add = db.prepare('INSERT INTO search_texts (text) VALUES (?) RETURNING id').pluck();
  const link = db.prepare('INSERT INTO certificate_texts (certificate, text_id) VALUES (?, ?)');
  // Texts are never deleted (migration 0080), so the ones added from here on are those after the last id now.
  const lastBefore = db.prepare('SELECT coalesce(max(id), 0) FROM search_texts').pluck().get() as number;
  return {
    replace(certificate: number, texts: Set<string>): void {
      unlink.run(certificate);
      for (const text of texts) link.run(certificate, (find.get(text) as number | undefined) ?? (add.get(text) as number));
    },
    indexNew(): void {
      db.prepare('INSERT INTO search_texts_fts (rowid, text) SELECT id, text FROM search_texts WHERE id > ?').run(lastBefore);
    },
  };
}

// The record's fields that are columns of its row are not repeated in detail (migration
// 0060 says why, and removed them from the rows cached before it).
/** What of a server record only detail keeps: everything no column holds. */
function detailOf(item: CertificateDto): string {
  const {
    certificateId: _certificateId, seq: _seq, number: _number, type: _type, applicant: _applicant, applicantCode: _applicantCode,
    destinationCountry: _destinationCountry, issueDate: _issueDate, approvedAt: _approvedAt, layoutStatus: _layoutStatus,
    archiveStatus: _archiveStatus, printStatus: _printStatus, exceptionPrintCount: _exceptionPrintCount, layouts, ...rest
  } = item;
  const sizes = layouts === null ? null : { original: { size: layouts.original.size }, copy: { size: layouts.copy.size } };
  return JSON.stringify({ ...rest, layouts: sizes });
}

interface StoredCertificate {
  certificate_id: string;
  seq: number;
  number: string;
  type: CertificateDto['type'];
  applicant: string;
  applicant_code: string;
  destination_country: string;
  issue_date: string;
  approved_at: string;
  layout_status: CertificateDto['layoutStatus'];
  archive_status: CertificateDto['archiveStatus'];
  print_status: CertificateDto['printStatus'];
  exception_print_count: number;
  original_sha256: string | null;
  copy_sha256: string | null;
  detail: Buffer | string;
}

type StoredDetail = Omit<CertificateDto, 'layouts'> & { layouts: { original: { size: number }; copy: { size: number } } | null };

function recordOf(stored: StoredCertificate): CertificateDto {
  const detail = JSON.parse(decodeDetail(stored.detail)) as StoredDetail;
  const layouts =
    detail.layouts === null || stored.original_sha256 === null || stored.copy_sha256 === null
      ? null
      : {
          original: { sha256: stored.original_sha256, size: detail.layouts.original.size },
          copy: { sha256: stored.copy_sha256, size: detail.layouts.copy.size },
        };
  return {
    ...detail,
    certificateId: stored.certificate_id,
    seq: stored.seq,
    number: stored.number,
    type: stored.type,
    applicant: stored.applicant,
    applicantCode: stored.applicant_code,
    destinationCountry: stored.destination_country,
    issueDate: stored.issue_date,
    approvedAt: stored.approved_at,
    layoutStatus: stored.layout_status,
    archiveStatus: stored.archive_status,
    printStatus: stored.print_status,
    exceptionPrintCount: stored.exception_print_count,
    layouts,
  };
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}

// The trigram index serves substrings of three characters or more; a two-character
// keyword (common in Chinese: 钢材, 宁波) scans the distinct texts instead.
const TRIGRAM = 3;

/**
 * 关键字: certificates whose number starts with it, or whose applicant, consignee or a goods
 * description contains it, case-insensitive for English. The keyword is always literal:
 * LIKE's % _ \ are escaped, and for the trigram index it is one quoted FTS5 string, where
 * AND, NEAR, * and parentheses are plain characters.
 */
function keywordCondition(keyword: string): SqlQuery {
  return sql`c.rowid_ IN (${keywordCandidates(keyword)})`;
}

/** The rowids of the certificates a keyword finds, unordered, some twice. */
export function keywordCandidates(keyword: string): SqlQuery {
  const number = keyword.toUpperCase();
  const like = `%${escapeLike(keyword)}%`;
  const texts =
    [...keyword].length >= TRIGRAM
      ? sql`SELECT rowid FROM search_texts_fts WHERE search_texts_fts MATCH ${`"${keyword.replace(/"/g, '""')}"`}`
      : sql`SELECT id FROM search_texts WHERE text LIKE ${like} ESCAPE '\\'`;
  // The applicant is one of the certificate's texts: certificates by applicant have no index
  // of their own since migration 0070, so a lookup by a matching name would scan the table.
  return sql`SELECT rowid_ FROM certificates WHERE number >= ${number} AND number < ${`${number}~`}
    UNION ALL SELECT certificate FROM certificate_texts WHERE text_id IN (${texts})`;
}

function conditions(query: CertificateExportQuery): SqlQuery {
  const parts: SqlQuery[] = [];
  const keyword = query.keyword?.trim();
  // main/ipc refuses a keyword shorter than KEYWORD_MIN_LENGTH.
  if (keyword) parts.push(keywordCondition(keyword));
  const number = query.number?.trim().toUpperCase();
  // A prefix as a range, so the unique index on number serves it.
  if (number) parts.push(sql`c.number >= ${number} AND c.number < ${`${number}~`}`);
  if (query.type) parts.push(sql`c.type = ${query.type}`);
  const applicant = query.applicant?.trim();
  if (applicant) {
    parts.push(sql`c.applicant IN (SELECT name FROM applicants WHERE name LIKE ${`%${escapeLike(applicant)}%`} ESCAPE '\\')`);
  }
  if (query.issueDateFrom) parts.push(sql`c.issue_date >= ${query.issueDateFrom}`);
  if (query.issueDateTo) parts.push(sql`c.issue_date <= ${query.issueDateTo}`);
  if (query.destinationCountry) parts.push(sql`c.destination_country = ${query.destinationCountry}`);
  if (query.layoutStatus) parts.push(sql`c.layout_status = ${query.layoutStatus}`);
  if (query.archiveStatus) parts.push(sql`c.archive_status = ${query.archiveStatus}`);
  if (query.printStatus) parts.push(sql`c.print_status = ${query.printStatus}`);
  return parts.length === 0 ? sql`1` : join(parts, ' AND ');
}

// A list query resolves its filter once (list-order.ts): one pass over an index yields every
// matching rowid in the list's order, 4 bytes each, so 4 MB at 1,000,000.
export function certificateListQueries(query: Omit<CertificateExportQuery, 'keyword'>): { order: SqlQuery; rows: (rowids: number) => string } {
  return {
    // INDEXED BY: one covering pass whatever the filter; the planner would look up every row
    // for the filters the index does not lead with.
    order: sql`SELECT c.rowid_ FROM certificates c INDEXED BY certificates_list WHERE ${conditions(query)} ORDER BY c.issue_date DESC, c.number DESC`,
    rows: (rowids) =>
      `SELECT c.rowid_ AS rowid_, ${ROW_COLUMNS} FROM certificates c ${APPLICANT_JOIN} WHERE c.rowid_ IN (${Array(rowids).fill('?').join(', ')})`,
  };
}

type ListFilter = Omit<CertificateQuery, 'offset' | 'limit'>;
const LIST = 'certificates';

function listOrder(db: Db, { offset: _offset, limit: _limit, ...filter }: CertificateQuery): Int32Array {
  return memoizedListOrder(db, LIST, filter, () => {
    const { keyword, ...others } = filter;
    return keyword?.trim() ? keywordOrder(db, keyword.trim(), others) : resolveOrder(db, filter);
  });
}

function resolveOrder(db: Db, filter: Omit<CertificateExportQuery, 'keyword'>): number[] {
  const { order } = certificateListQueries(filter);
  return db.prepare(order.text).pluck().all(...order.params) as number[];
}

// Looking candidates up by rowid and sorting them costs ~2 µs each; keeping the marked ones
// of a memoized list costs ~5 ns a row of it (~5 ms at 1,000,000); resolving that list
// first, ~470 ms at 1,000,000. So a keyword's candidates are sorted while they are fewer
// than the memoized list's 1/400th, or than this when the list is not memoized.
const KEYWORD_SORT_MAX = 20_000;
const SORT_TO_FILTER_COST = 400;

/**
 * A keyword's list, from its candidates: few are looked up and sorted; many are marked, and
 * the list without the keyword (memoized: the whole list is, from sign-in on) is kept where
 * marked. When a sync just wrote certificates, that list is resolved first, for the next
 * keyword and for the list's own refresh too. A broad one (九龙, 200,000 of 1,000,000) took
 * ~490 ms looked up and sorted.
 */
function keywordOrder(db: Db, keyword: string, others: Omit<ListFilter, 'keyword'>): Int32Array {
  const candidates = keywordCandidates(keyword);
  const found = db.prepare(candidates.text).pluck().all(...candidates.params) as number[];
  const base = memoizedOrder(db, LIST, others);
  if (found.length <= (base ? base.length / SORT_TO_FILTER_COST : KEYWORD_SORT_MAX)) {
    const sorted = sql`SELECT c.rowid_ FROM certificates c NOT INDEXED WHERE ${conditions({ ...others, keyword })} ORDER BY c.issue_date DESC, c.number DESC`;
    return Int32Array.from(db.prepare(sorted.text).pluck().all(...sorted.params) as number[]);
  }
  const order = base ?? listOrder(db, { ...others, offset: 0, limit: 0 });
  const maxRowid = db.prepare('SELECT coalesce(max(rowid_), 0) FROM certificates').pluck().get() as number;
  const marked = new Uint8Array(maxRowid + 1);
  for (const rowid of found) marked[rowid] = 1;
  const kept = new Int32Array(order.length);
  let length = 0;
  for (const rowid of order) if (marked[rowid] === 1) kept[length++] = rowid;
  return kept.slice(0, length);
}

/**
 * 证书打印 opens on the whole list, unfiltered: resolving that order when the cache is opened
 * at sign-in does the pass (~470 ms at 1,000,000) while the renderer mounts, instead of
 * after its first block request. A sync that then writes certificates drops it, as any write.
 */
export function warmCertificateList(db: Db): void {
  listOrder(db, { offset: 0, limit: 0 });
}

export function searchCertificates(db: Db, query: CertificateQuery): CertificatePage {
  const rowids = listOrder(db, query);
  const block = Array.from(rowids.subarray(query.offset, query.offset + query.limit));
  if (block.length === 0) return { total: rowids.length, offset: query.offset, rows: [] };
  const records = db.prepare(certificateListQueries(query).rows(block.length)).all(...block) as (CertificateRecord & { rowid_: number })[];
  const byRowid = new Map(records.map((record) => [record.rowid_, record]));
  const known = authorizationsKnown(db);
  // Every rowid is there: the memo belongs to this data version, so no row left since.
  return { total: rowids.length, offset: query.offset, rows: block.map((rowid) => toRow(byRowid.get(rowid)!, known)) };
}

// 导出证书: the list's query without its page. Used by the export worker over its own
// read-only connection, so the rows stream in the list's order without a copy in memory.
export function certificateExportQueries(query: CertificateExportQuery): { count: SqlQuery; rows: SqlQuery } {
  const where = conditions(query);
  return {
    count: sql`SELECT count(*) AS total FROM certificates c WHERE ${where}`,
    rows: sql`SELECT ${raw(ROW_COLUMNS)} FROM certificates c ${raw(APPLICANT_JOIN)} WHERE ${where}
      ORDER BY c.issue_date DESC, c.number DESC`,
  };
}

/** Every row the list shows for `query`, as an iterator: the caller must finish or return it before using `db` again. */
export function iterateCertificates(db: Db, query: CertificateExportQuery): { total: number; rows: Generator<CertificateRow, void, undefined> } {
  const { count, rows } = certificateExportQueries(query);
  const { total } = db.prepare(count.text).get(...count.params) as { total: number };
  const known = authorizationsKnown(db);
  const records = db.prepare(rows.text).iterate(...rows.params) as IterableIterator<CertificateRecord>;
  function* mapped(): Generator<CertificateRow, void, undefined> {
    for (const record of records) yield toRow(record, known);
  }
  return { total, rows: mapped() };
}

/** One cached certificate with its applicant's authorization and the dates that explain it. */
function certificateRecord(db: Db, certificateId: string): (CertificateRecord & { approved_at: string; self_print_since: string | null }) | undefined {
  return db
    .prepare(`SELECT ${ROW_COLUMNS}, c.approved_at, e.self_print_since FROM certificates c ${APPLICANT_JOIN} WHERE c.certificate_id = ?`)
    .get(certificateId) as (CertificateRecord & { approved_at: string; self_print_since: string | null }) | undefined;
}

/** The self-print status of one certificate, by the same rule as the list; null when it is not cached. */
export function certificateSelfPrint(db: Db, certificateId: string): SelfPrintStatus | null {
  const record = certificateRecord(db, certificateId);
  return record ? selfPrintOf(record, authorizationsKnown(db)) : null;
}

/** 查看解决办法: what stops this certificate from being printed, with the dates that explain it. */
export function diagnoseCertificate(db: Db, certificateId: string): CertificateDiagnosis | null {
  const record = certificateRecord(db, certificateId);
  if (!record) return null;
  const row = toRow(record, authorizationsKnown(db));
  return {
    certificateId: row.certificateId,
    number: row.number,
    applicant: row.applicant,
    approvedAt: record.approved_at,
    selfPrintSince: record.self_print_since,
    problems: certificateProblems(row),
  };
}

export function getCertificate(db: Db, certificateId: string): CertificateDto | null {
  const stored = db
    .prepare(
      `SELECT certificate_id, seq, number, type, applicant, applicant_code, destination_country, issue_date, approved_at,
         layout_status, archive_status, print_status, exception_print_count, original_sha256, copy_sha256, detail
       FROM certificates WHERE certificate_id = ?`,
    )
    .get(certificateId) as StoredCertificate | undefined;
  return stored ? recordOf(stored) : null;
}

/**
 * How far back the layout prefetch after each sync looks: the newest this many printable
 * certificates (待打印, 接收成功, 未归档). Bounded by this, not by the cache: a pass over every
 * printable certificate took the database worker 2.5 s at 1,000,000 cached, at every sync, and
 * the list's first page waited behind it. An older one's layouts are fetched when it is
 * previewed or printed (LayoutStore), as before for one beyond a sync's prefetch.
 */
export const LAYOUT_PREFETCH_WINDOW = 2000;

/** The prefetch's SQL (parameters: the window, then the limit), for its query-plan test. */
export function missingLayoutsQuery(): string {
  // The window is found in the list's index alone (its statuses are in it), newest first, and stops there.
  return `SELECT c.certificate_id AS certificateId, k.kind AS kind,
       CASE k.kind WHEN 'original' THEN c.original_sha256 ELSE c.copy_sha256 END AS sha256
     FROM (SELECT rowid_ FROM certificates INDEXED BY certificates_list
           WHERE print_status = 'pending' AND layout_status = 'received' AND archive_status = 'unarchived'
           ORDER BY issue_date DESC, number DESC LIMIT ?) recent
     JOIN certificates c ON c.rowid_ = recent.rowid_
     CROSS JOIN (SELECT 'original' AS kind UNION ALL SELECT 'copy') k
     WHERE NOT EXISTS (SELECT 1 FROM layouts l WHERE l.certificate_id = c.certificate_id AND l.kind = k.kind
       AND l.sha256 = CASE k.kind WHEN 'original' THEN c.original_sha256 ELSE c.copy_sha256 END)
     ORDER BY c.issue_date DESC, c.number DESC LIMIT ?`;
}

/** Layouts that should be on disk for offline preview and printing: of the prefetch window, the newest `limit`. */
export function certificatesMissingLayouts(db: Db, limit: number): { certificateId: string; kind: 'original' | 'copy'; sha256: string }[] {
  return db.prepare(missingLayoutsQuery()).all(LAYOUT_PREFETCH_WINDOW, limit) as { certificateId: string; kind: 'original' | 'copy'; sha256: string }[];
}

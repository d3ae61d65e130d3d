import { beforeEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { openDatabase, type Db } from '../../main/db/connection';
import { migrate, MIGRATIONS } from '../../main/db/migrations';
import { getCertificate, iterateCertificates, keywordCandidates, searchCertificates, upsertCertificates } from '../../main/db/queries/certificates';
import { applyChangesPage } from '../../main/db/queries/sync';
import { argSchemas } from '../../main/ipc/schemas';
import type { CertificateQuery } from '../../preload/contract';
import type { CertificateDto } from '../../main/net/contract';
import { makeCertificate } from '../fixtures/certificates';

const goods = (...descriptions: string[]): CertificateDto['goods'] =>
  descriptions.map((description, index) => ({
    itemNumber: index + 1, marks: 'N/M', description, hsCode: '732410', originCriterion: 'WO', quantity: '5 PCS', grossWeight: '25 KGS', fobValue: 'USD 1.00',
  }));

// 关键字 (issue 9): number prefix, or a substring of applicant, consignee or a goods description.
describe('关键字 search', () => {
  let db: Db;
  const found = (keyword: string): string[] =>
    searchCertificates(db, { keyword, offset: 0, limit: 50 }).rows.map((row) => row.certificateId).sort();

  beforeEach(() => {
    db = openDatabase(':memory:');
    applyChangesPage(db, [
      makeCertificate({ certificateId: 'k-1', number: 'E24470ZC00010001', applicant: '宁波钢材进出口有限公司', consignee: 'PT SINAR JAYA\nJAKARTA, INDONESIA', goods: goods('不锈钢水槽 STAINLESS STEEL SINKS', 'LED BULBS') }),
      makeCertificate({ certificateId: 'k-2', number: 'R24470ZC00020002', type: 'R', applicant: '杭州纺织有限公司', consignee: '香港永利贸易有限公司\n香港九龙', goods: goods('100% COTTON T-SHIRTS', 'ITEM_A1 \\ BOX') }),
      makeCertificate({ certificateId: 'k-3', number: 'E24470ZC00030003', applicant: '温州鞋业有限公司', consignee: 'ACME "BEST" (ASIA) AND SONS*', goods: goods('SHOES NEAR TOES', 'BAGS') }),
      makeCertificate({ certificateId: 'k-4', number: 'E24470ZC00040004', applicant: '宁波示例有限公司', consignee: 'OTHER CO.', goods: goods('1000 COTTON BAGS', 'ITEMXA1 / BOX') }),
    ], 4);
  });

  it('finds by number prefix, applicant, consignee and goods description, Chinese and English, any case', () => {
    expect(found('e24470zc0001')).toEqual(['k-1']);
    expect(found('钢材')).toEqual(['k-1']);
    expect(found('宁波')).toEqual(['k-1', 'k-4']);
    expect(found('sinar jaya')).toEqual(['k-1']);
    expect(found('永利')).toEqual(['k-2']);
    expect(found('九龙')).toEqual(['k-2']);
    expect(found('永利贸易')).toEqual(['k-2']);
    expect(found('不锈钢')).toEqual(['k-1']);
    expect(found('Stainless')).toEqual(['k-1']);
    expect(found('cotton')).toEqual(['k-2', 'k-4']);
    expect(found('有限公司')).toEqual(['k-1', 'k-2', 'k-3', 'k-4']);
    expect(found('NOTHING LIKE IT')).toEqual([]);
    expect(searchCertificates(db, { keyword: 'cotton', offset: 0, limit: 1 }).total).toBe(2);
  });

  it('takes LIKE-special characters literally', () => {
    expect(found('100%')).toEqual(['k-2']);
    expect(found('0%')).toEqual(['k-2']);
    expect(found('M_A1')).toEqual(['k-2']);
    expect(found('_A1')).toEqual(['k-2']);
    expect(found('A1 \\ B')).toEqual(['k-2']);
    expect(found('\\ ')).toEqual(['k-2']);
  });

  it('takes FTS5 syntax literally, never as a query or an error', () => {
    expect(found('"BEST"')).toEqual(['k-3']);
    expect(found('"B')).toEqual(['k-3']);
    expect(found('(ASIA) AND')).toEqual(['k-3']);
    expect(found('SONS*')).toEqual(['k-3']);
    expect(found('SON*')).toEqual([]);
    expect(found('SHOES NEAR TOES')).toEqual(['k-3']);
    expect(found('NEAR(SHOES TOES)')).toEqual([]);
    expect(found('COTTON AND BAGS')).toEqual([]);
    expect(found('COTTON OR BAGS')).toEqual([]);
    expect(found('""')).toEqual([]);
    expect(found('""""')).toEqual([]);
    expect(found('^BAGS')).toEqual([]);
    expect(found('text:BAGS')).toEqual([]);
  });

  it('combines with the other filters and feeds the export with the same rows', () => {
    expect(searchCertificates(db, { keyword: 'cotton', type: 'R', offset: 0, limit: 50 }).rows.map((row) => row.certificateId)).toEqual(['k-2']);
    const exported = iterateCertificates(db, { keyword: '有限公司', applicant: '宁波' });
    expect(exported.total).toBe(2);
    expect([...exported.rows].map((row) => row.certificateId).sort()).toEqual(['k-1', 'k-4']);
  });

  it('finds a keyword’s candidates in the number index and the text index, never by a pass over certificates', () => {
    for (const keyword of ['永利贸易', '九龙']) {
      const candidates = keywordCandidates(keyword);
      const plan = (db.prepare(`EXPLAIN QUERY PLAN ${candidates.text}`).all(...candidates.params) as { detail: string }[]).map((step) => step.detail);
      expect(plan.filter((detail) => /^(SCAN|SEARCH) (c|certificates)\b/.test(detail)), plan.join(' | ')).toEqual([
        expect.stringMatching(/^SEARCH certificates USING COVERING INDEX \S+ \(number>\? AND number<\?\)$/),
      ]);
      expect(plan.some((detail) => /^SEARCH certificate_texts USING COVERING INDEX certificate_texts_by_text/.test(detail)), plan.join(' | ')).toBe(true);
    }
  });

  // Two ways to one list (queries/certificates.ts, keywordOrder): its few candidates sorted while
  // the list without the keyword is not memoized, or that list kept where they are marked.
  it('lists a keyword with other filters in the list’s order, as a plain query over the same rows does, either way it is resolved', () => {
    applyChangesPage(db, Array.from({ length: 60 }, (_, index) =>
      makeCertificate({ certificateId: `o-${index}`, issueDate: `2024-0${1 + (index % 9)}-1${index % 7}`, printStatus: index % 3 ? 'pending' : 'printed',
        consignee: index % 2 ? 'PT SINAR JAYA\nJAKARTA' : 'OTHER BUYER', goods: goods(index % 5 ? 'LED BULBS' : 'BAGS') })), 64);
    const listed = (query: CertificateQuery) => {
      const { total } = searchCertificates(db, { ...query, offset: 0, limit: 1 });
      return Array.from({ length: Math.ceil(total / 7) }, (_, block) => searchCertificates(db, { ...query, offset: block * 7, limit: 7 }).rows)
        .flat().map((row) => row.certificateId);
    };
    for (const { keyword, ...others } of [{ keyword: 'sinar' }, { keyword: 'led bulbs', printStatus: 'pending' as const }, { keyword: 'E2447', type: 'E' }]) {
      const candidates = keywordCandidates(keyword);
      const filter = (column: string, value: string | undefined) => (value === undefined ? '' : ` AND ${column} = '${value}'`);
      const plain = db.prepare(`SELECT certificate_id FROM certificates c WHERE c.rowid_ IN (${candidates.text})
          ${filter('print_status', 'printStatus' in others ? others.printStatus : undefined)}${filter('type', 'type' in others ? others.type : undefined)}
          ORDER BY issue_date DESC, number DESC`).pluck().all(...candidates.params) as string[];
      expect(plain.length, keyword).toBeGreaterThan(7);
      // A write first: nothing is memoized, and the few candidates are sorted.
      db.prepare(`UPDATE certificates SET seq = seq WHERE certificate_id = 'o-0'`).run();
      expect(listed({ ...others, keyword, offset: 0, limit: 0 }), keyword).toEqual(plain);
      // The list without the keyword shown, then the keyword typed anew (the memo's key differs by the spaces the search trims).
      searchCertificates(db, { ...others, offset: 0, limit: 7 });
      expect(listed({ ...others, keyword: ` ${keyword} `, offset: 0, limit: 0 }), keyword).toEqual(plain);
    }
  });

  it('follows an update: texts a certificate no longer has find it no more', () => {
    const before = getCertificate(db, 'k-1')!;
    upsertCertificates(db, [{ ...before, seq: before.seq + 10, consignee: 'NEW BUYER LTD', goods: goods('WOODEN TABLES') }]);
    expect(found('sinar')).toEqual([]);
    expect(found('stainless')).toEqual([]);
    expect(found('new buyer')).toEqual(['k-1']);
    expect(found('wooden')).toEqual(['k-1']);
    // An older version than the cached one changes nothing, its texts included.
    upsertCertificates(db, [{ ...before, seq: before.seq + 5 }]);
    expect(found('wooden')).toEqual(['k-1']);
    expect(found('sinar')).toEqual([]);
  });

  it('refuses a keyword of one character or too long at the IPC boundary, and takes an empty one as no filter', () => {
    const parse = (keyword: string) => argSchemas['certificates:search'].safeParse([{ keyword, offset: 0, limit: 50 }]);
    expect(parse('钢').success).toBe(false);
    expect(parse(' a ').success).toBe(false);
    expect(parse('x'.repeat(101)).success).toBe(false);
    expect(parse('钢材').success).toBe(true);
    expect(parse('  ').success).toBe(true);
    expect(searchCertificates(db, { keyword: '  ', offset: 0, limit: 50 }).total).toBe(4);
  });
});

describe('migration 0080', () => {
  it('indexes and deflates the certificates cached before it, and reads them back whole', () => {
    const db = new Database(':memory:');
    migrate(db, MIGRATIONS.filter((migration) => migration.version < 80));
    const items = Array.from({ length: 2500 }, (_, index) =>
      makeCertificate({ certificateId: `m-${index}`, consignee: `BUYER ${index} LTD`, goods: goods(index % 2 ? '不锈钢水槽' : 'COTTON BAGS') }));
    // As upsertCertificates wrote rows before 0080: detail as JSON text, no search texts.
    const insert = db.prepare(`INSERT INTO certificates (certificate_id, seq, number, type, applicant, applicant_code, destination_country, issue_date,
      approved_at, approved_at_ms, layout_status, archive_status, print_status, exception_print_count, original_sha256, copy_sha256, detail)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    for (const item of items) {
      const { certificateId, seq, number, type, applicant, applicantCode, destinationCountry, issueDate, approvedAt, layoutStatus, archiveStatus, printStatus,
        exceptionPrintCount, layouts, ...rest } = item;
      insert.run(certificateId, seq, number, type, applicant, applicantCode, destinationCountry, issueDate, approvedAt, Date.parse(approvedAt), layoutStatus,
        archiveStatus, printStatus, exceptionPrintCount, layouts?.original.sha256 ?? null, layouts?.copy.sha256 ?? null,
        JSON.stringify({ ...rest, layouts: layouts && { original: { size: layouts.original.size }, copy: { size: layouts.copy.size } } }));
    }
    migrate(db);
    expect(getCertificate(db, 'm-7')).toEqual(items[7]);
    expect(getCertificate(db, 'm-2499')).toEqual(items[2499]);
    const texts = db.prepare(`SELECT count(*) AS n FROM certificates WHERE typeof(detail) <> 'blob'`).get() as { n: number };
    expect(texts.n).toBe(0);
    expect(searchCertificates(db, { keyword: 'buyer 2499', offset: 0, limit: 50 }).rows.map((row) => row.certificateId)).toEqual(['m-2499']);
    expect(searchCertificates(db, { keyword: '水槽', offset: 0, limit: 50 }).total).toBe(1250);
    expect(searchCertificates(db, { keyword: 'cotton bags', offset: 0, limit: 50 }).total).toBe(1250);
  });
});

describe('migration 0090', () => {
  it('indexes the new texts of each page once, beside the texts the old trigger indexed', () => {
    const db = new Database(':memory:');
    migrate(db, MIGRATIONS.filter((migration) => migration.version < 90));
    // Written as 0080 left it: its trigger indexes each text as it is inserted.
    upsertCertificates(db, [makeCertificate({ certificateId: 'old', consignee: 'HARBOUR TRADING LTD', goods: goods('COTTON BAGS') })]);
    migrate(db);
    expect(db.prepare(`SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'search_texts'`).all()).toEqual([]);
    applyChangesPage(db, [
      makeCertificate({ certificateId: 'new-1', consignee: 'HARBOUR TRADING LTD', goods: goods('BAMBOO MATS') }),
      makeCertificate({ certificateId: 'new-2', consignee: 'RIVER IMPORTS LTD', goods: goods('COTTON BAGS', 'BAMBOO MATS') }),
    ], 2);
    const found = (keyword: string) => searchCertificates(db, { keyword, offset: 0, limit: 50 }).rows.map((row) => row.certificateId).sort();
    expect(found('harbour')).toEqual(['new-1', 'old']);
    expect(found('cotton bags')).toEqual(['new-2', 'old']);
    expect(found('bamboo')).toEqual(['new-1', 'new-2']);
    expect(found('river imports')).toEqual(['new-2']);
    // Each distinct text is in the trigram index once: the old ones were not indexed again.
    const matches = (text: string) => db.prepare('SELECT count(*) FROM search_texts_fts WHERE search_texts_fts MATCH ?').pluck().get(`"${text}"`);
    for (const text of ['HARBOUR TRADING LTD', 'COTTON BAGS', 'BAMBOO MATS', 'RIVER IMPORTS LTD']) expect(matches(text)).toBe(1);
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../main/db/connection';
import { upsertCertificates } from '../../main/db/queries/certificates';
import { markECertificateDamaged, recordECertificate, searchECertificates, type ECertificateListQuery } from '../../main/db/queries/e-certificates';
import { listDataVersion } from '../../main/db/queries/list-version';
import { makeCertificate } from '../fixtures/certificates';

// 证书下载 resolves a filter once per data version (a memo of its rowids): each block must
// equal a plain OFFSET query over the same data, and a write that changes the list must drop
// the memo, while a download (which only changes a row's status) keeps it.
describe('证书下载 pages equal a plain OFFSET query, before and after writes', () => {
  const db = openDatabase(':memory:');
  const SCOPE = ['日本', '韩国', '新西兰'];
  const DESTINATIONS = ['日本', '韩国', '新西兰', '越南'];
  const certificateAt = (index: number) => {
    // RC and BR among types without an e-version, so the index's WHERE matters.
    const type = index % 3 === 0 ? 'BR' : index % 3 === 1 ? 'RC' : 'E';
    return makeCertificate({
      certificateId: `e${index}`,
      number: `${type}2447${String(index).padStart(6, '0')}`,
      type,
      destinationCountry: DESTINATIONS[index % DESTINATIONS.length]!,
      // Ties on the date: the number breaks them.
      issueDate: `2024-0${1 + (index % 9)}-1${index % 7}`,
    });
  };
  // In beforeAll, not at collection: the fixtures' counter (their seq) must not move under other tests.
  beforeAll(() => {
    upsertCertificates(db, Array.from({ length: 1000 }, (_, index) => certificateAt(index)));
    recordECertificate(db, { certificateId: 'e4', sha256: 'a'.repeat(64), size: 1, fileName: 'e4.pdf', downloadedAt: '2026-12-01T00:00:00.000Z' });
  });
  const filters: Partial<ECertificateListQuery>[] = [
    {},
    // Another scope, right after the list in the scope above: that one's memo must not answer for it.
    { destinations: ['新西兰', '越南'] },
    { type: 'BR' },
    { destinationCountry: '韩国' },
    { number: 'rc2447000', issueDateFrom: '2024-02-01' },
    { issueDateFrom: '2024-03-01', issueDateTo: '2024-06-30', destinationCountry: '日本', type: 'RC' },
  ];

  function plain(query: ECertificateListQuery) {
    const destinations = query.destinationCountry ? query.destinations.filter((name) => name === query.destinationCountry) : query.destinations;
    const where = [`c.type IN ('RC', 'BR')`, `c.destination_country IN (${destinations.map(() => '?').join(', ') || 'NULL'})`];
    const params: (string | number)[] = [...destinations];
    const number = query.number?.toUpperCase();
    if (number) (where.push(`substr(c.number, 1, ?) = ?`), params.push(number.length, number));
    if (query.type) (where.push(`c.type = ?`), params.push(query.type));
    if (query.issueDateFrom) (where.push(`c.issue_date >= ?`), params.push(query.issueDateFrom));
    if (query.issueDateTo) (where.push(`c.issue_date <= ?`), params.push(query.issueDateTo));
    const text = where.join(' AND ');
    const total = db.prepare(`SELECT count(*) FROM certificates c WHERE ${text}`).pluck().get(...params) as number;
    const rows = db
      .prepare(
        `SELECT c.number, d.downloaded_at, d.damaged FROM certificates c LEFT JOIN e_certificates d USING (certificate_id)
         WHERE ${text} ORDER BY c.issue_date DESC, c.number DESC LIMIT ? OFFSET ?`,
      )
      .all(...params, query.limit, query.offset) as { number: string; downloaded_at: string | null; damaged: number | null }[];
    return {
      total,
      rows: rows.map((row) => `${row.number} ${row.downloaded_at === null ? 'none' : row.damaged ? 'damaged' : 'downloaded'}`),
    };
  }
  function expectSamePages(among = filters): void {
    for (const filter of among) {
      const { total } = plain({ destinations: SCOPE, ...filter, offset: 0, limit: 1 });
      expect(total, JSON.stringify(filter)).toBeGreaterThan(0);
      for (const offset of [0, 1, Math.floor(total / 2), Math.floor(total * 0.9), Math.max(0, total - 7), total, total + 5]) {
        const query = { destinations: SCOPE, ...filter, offset, limit: 7 };
        const listed = searchECertificates(db, query);
        expect({ total: listed.total, rows: listed.rows.map((row) => `${row.number} ${row.download}`) }, JSON.stringify(query)).toEqual(plain(query));
        expect(listed.offset).toBe(offset);
      }
    }
  }

  it('first, middle, deep and last pages, with several filters and scopes', () => {
    expectSamePages();
  });

  it('after a sync adds, changes and removes rows', () => {
    // As many filters as the memo keeps (more would evict each other and hide a stale memo).
    const kept = filters.slice(0, 4);
    expectSamePages(kept);
    // New rows at the top, one out of the list (RC to E), one moved to another destination and date.
    upsertCertificates(db, [
      certificateAt(1000),
      certificateAt(1003),
      { ...certificateAt(1), seq: 1e9, type: 'E', number: 'E2447000001' },
      { ...certificateAt(6), seq: 1e9, destinationCountry: '韩国', issueDate: '2025-01-01' },
    ]);
    expectSamePages(kept);
    db.prepare(`DELETE FROM certificates WHERE certificate_id IN ('e9', 'e12', 'e1000')`).run();
    expectSamePages(kept);
    db.prepare(`UPDATE certificates SET type = 'BR' WHERE certificate_id = 'e2'`).run();
    expectSamePages(kept);
  });

  it('keeps its memo across downloads, and each block still shows the status as it is now', () => {
    const kept = filters.slice(0, 4);
    expectSamePages(kept);
    const version = listDataVersion(db);
    const first = searchECertificates(db, { destinations: SCOPE, offset: 0, limit: 3 }).rows[1]!.certificateId;
    recordECertificate(db, { certificateId: first, sha256: 'b'.repeat(64), size: 2, fileName: 'f.pdf', downloadedAt: '2026-12-02T00:00:00.000Z' });
    markECertificateDamaged(db, 'e4');
    expect(listDataVersion(db)).toBe(version);
    expect(searchECertificates(db, { destinations: SCOPE, offset: 0, limit: 3 }).rows[1]).toMatchObject({
      certificateId: first,
      download: 'downloaded',
      downloadedAt: '2026-12-02T00:00:00.000Z',
    });
    expect(searchECertificates(db, { destinations: SCOPE, number: 'RC2447000004', offset: 0, limit: 3 }).rows).toMatchObject([{ certificateId: 'e4', download: 'damaged' }]);
    expectSamePages(kept);
    // A write to the certificates still drops it.
    upsertCertificates(db, [certificateAt(1006)]);
    expect(listDataVersion(db)).not.toBe(version);
    expectSamePages(kept);
  });

  it('answers an empty scope, or a destination outside it, with nothing', () => {
    expect(searchECertificates(db, { destinations: [], offset: 0, limit: 50 })).toEqual({ total: 0, offset: 0, rows: [] });
    expect(searchECertificates(db, { destinations: SCOPE, destinationCountry: '越南', offset: 0, limit: 50 })).toEqual({ total: 0, offset: 0, rows: [] });
  });
});

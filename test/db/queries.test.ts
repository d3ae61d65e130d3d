import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CertificateQuery } from '../../preload/contract';
import { openDatabase, type Db } from '../../main/db/connection';
import {
  certificateExportQueries,
  certificateListQueries,
  certificatesMissingLayouts,
  iterateCertificates,
  LAYOUT_PREFETCH_WINDOW,
  missingLayoutsQuery,
  certificateSelfPrint,
  diagnoseCertificate,
  getCertificate,
  searchCertificates,
  upsertCertificates,
} from '../../main/db/queries/certificates';
import { cachedPrincipals, replaceEnterprises } from '../../main/db/queries/enterprises';
import { recordLayout } from '../../main/db/queries/layouts';
import {
  eCertificateListQueries,
  getECertificate,
  markECertificateDamaged,
  recordECertificate,
  searchECertificates,
  type ECertificateListQuery,
} from '../../main/db/queries/e-certificates';
import { countOutbox, pendingOutbox } from '../../main/db/queries/outbox';
import {
  insertPrint,
  originalAlreadyPrinted,
  recordConfirmation,
  setPrintState,
  unfinishedPrints,
  unresolvedRegistration,
} from '../../main/db/queries/prints';
import { listDataVersion } from '../../main/db/queries/list-version';
import { applyChangesPage, getSyncCursor, setLastSyncSuccess } from '../../main/db/queries/sync';
import {
  exceptionAllowance,
  exceptionListQuery,
  listExceptionApplications,
  openExceptionApplication,
  recordExceptionPrint,
  replaceExceptionApplications,
  setPrintException,
} from '../../main/db/queries/exceptions';
import type { ExceptionApplicationDto } from '../../main/net/contract';
import { makeCertificate } from '../fixtures/certificates';

const page = { offset: 0, limit: 50 };

describe('certificate queries', () => {
  let db: Db;
  beforeEach(() => {
    db = openDatabase(':memory:');
    upsertCertificates(db, [
      makeCertificate({ certificateId: 'a', number: 'E24470ZC41090001', applicant: '宁波甲贸易有限公司', issueDate: '2024-01-10' }),
      makeCertificate({ certificateId: 'b', number: 'K24470ZC41090002', type: 'K', destinationCountry: '韩国', issueDate: '2024-02-10' }),
      makeCertificate({ certificateId: 'c', number: 'RC24470ZC41090003', type: 'RC', destinationCountry: '日本', issueDate: '2024-03-10', archiveStatus: 'archived' }),
      makeCertificate({ certificateId: 'd', number: 'E23470ZC41090004', layoutStatus: 'sending', layouts: null, issueDate: '2023-12-01', printStatus: 'printed' }),
    ]);
  });

  const numbers = (query: Partial<CertificateQuery>) =>
    searchCertificates(db, { ...page, ...query }).rows.map((row) => row.number);

  it('lists newest issue date first, with the total', () => {
    const result = searchCertificates(db, page);
    expect(result.total).toBe(4);
    expect(result.rows.map((row) => row.certificateId)).toEqual(['c', 'b', 'a', 'd']);
  });

  it('filters by each condition and by several together', () => {
    expect(numbers({ number: 'e24' })).toEqual(['E24470ZC41090001']);
    expect(numbers({ type: 'K' })).toEqual(['K24470ZC41090002']);
    expect(numbers({ applicant: '甲贸易' })).toEqual(['E24470ZC41090001']);
    expect(numbers({ issueDateFrom: '2024-02-01', issueDateTo: '2024-03-10' })).toEqual(['RC24470ZC41090003', 'K24470ZC41090002']);
    expect(numbers({ destinationCountry: '日本' })).toEqual(['RC24470ZC41090003']);
    expect(numbers({ layoutStatus: 'sending' })).toEqual(['E23470ZC41090004']);
    expect(numbers({ archiveStatus: 'archived' })).toEqual(['RC24470ZC41090003']);
    expect(numbers({ printStatus: 'printed' })).toEqual(['E23470ZC41090004']);
    expect(numbers({ type: 'E', printStatus: 'pending' })).toEqual(['E24470ZC41090001']);
  });

  it('treats LIKE wildcards in the applicant as text', () => {
    expect(numbers({ applicant: '%' })).toEqual([]);
    expect(numbers({ applicant: '_' })).toEqual([]);
  });

  it('pages with offset and limit', () => {
    const second = searchCertificates(db, { offset: 1, limit: 2 });
    expect(second.total).toBe(4);
    expect(second.rows.map((row) => row.certificateId)).toEqual(['b', 'a']);
  });

  it('never lets an older server record overwrite a newer one', () => {
    upsertCertificates(db, [makeCertificate({ certificateId: 'a', number: 'E24470ZC41090001', seq: 1_000, printStatus: 'printed' })]);
    upsertCertificates(db, [makeCertificate({ certificateId: 'a', number: 'E24470ZC41090001', seq: 999, printStatus: 'pending' })]);
    expect(getCertificate(db, 'a')?.printStatus).toBe('printed');
  });

  it('commits a sync page and its cursor together', () => {
    applyChangesPage(db, [makeCertificate({ certificateId: 'e' })], 42);
    expect(getSyncCursor(db)).toBe(42);
    const broken = makeCertificate({ certificateId: 'f', layoutStatus: 'nonsense' as never });
    expect(() => applyChangesPage(db, [makeCertificate({ certificateId: 'g' }), broken], 99)).toThrow();
    expect(getSyncCursor(db)).toBe(42);
    expect(getCertificate(db, 'g')).toBeNull();
  });
});

describe('query plans: every list query is served by an index', () => {
  const db = openDatabase(':memory:');
  const cases: Record<string, Partial<CertificateQuery>> = {
    'no filter': {},
    number: { number: 'E24' },
    type: { type: 'E' },
    applicant: { applicant: '宁波' },
    'issue date range': { issueDateFrom: '2024-01-01', issueDateTo: '2024-12-31' },
    destination: { destinationCountry: '日本' },
    'layout status': { layoutStatus: 'received' },
    'archive status': { archiveStatus: 'unarchived' },
    'print status': { printStatus: 'pending' },
    combined: { type: 'E', printStatus: 'pending', issueDateFrom: '2024-01-01' },
  };

  for (const [name, filter] of Object.entries(cases)) {
    it(name, () => {
      const { order, rows: rowsOf } = certificateListQueries(filter);
      const rows = { text: rowsOf(50), params: Array.from({ length: 50 }, (_, index) => index + 1) };
      for (const query of [order, rows]) {
        const plan = (db.prepare(`EXPLAIN QUERY PLAN ${query.text}`).all(...query.params) as { detail: string }[]).map(
          (step) => step.detail,
        );
        // c: certificates; e: the applicant's authorization, joined by its primary key.
        const steps = plan.filter((detail) => /^(SCAN|SEARCH) (c|e)\b/.test(detail));
        expect(steps.filter((detail) => /^(SCAN|SEARCH) c\b/.test(detail)).length, plan.join(' | ')).toBeGreaterThan(0);
        if (query === rows) expect(steps.some((detail) => /^SEARCH e USING PRIMARY KEY/.test(detail)), plan.join(' | ')).toBe(true);
        for (const detail of steps) expect(detail, plan.join(' | ')).toMatch(/USING (COVERING )?INDEX|USING (INTEGER )?PRIMARY KEY/);
        // The filter is resolved in one index, in the list's order: no lookup per row, no sort.
        if (query === order) {
          expect(steps.length, plan.join(' | ')).toBe(1);
          expect(steps[0], plan.join(' | ')).toMatch(/^(SCAN|SEARCH) c USING COVERING INDEX certificates_list\b/);
          expect(plan.some((detail) => /TEMP B-TREE/.test(detail)), plan.join(' | ')).toBe(false);
        } else {
          expect(steps.some((detail) => /^SEARCH c USING INTEGER PRIMARY KEY/.test(detail)), plan.join(' | ')).toBe(true);
        }
      }
    });
  }
});

// The list resolves a filter once per data version (a memo of its rowids): each block must
// equal a plain OFFSET query over the same data, and any write must drop the memo.
describe('list pages equal a plain OFFSET query, before and after writes', () => {
  const db = openDatabase(':memory:');
  const certificateAt = (index: number, printStatus: 'pending' | 'printed' = index % 2 ? 'pending' : 'printed') =>
    makeCertificate({
      certificateId: `m${index}`,
      number: `${index % 3 ? 'E' : 'K'}2447${String(index).padStart(6, '0')}`,
      type: index % 3 ? 'E' : 'K',
      applicant: index % 4 ? '宁波甲进出口' : '杭州乙贸易',
      destinationCountry: index % 5 ? '日本' : '韩国',
      // Ties on the date: the number breaks them.
      issueDate: `2024-0${1 + (index % 9)}-1${index % 7}`,
      printStatus,
      archiveStatus: index % 6 ? 'unarchived' : 'archived',
      layoutStatus: index % 11 ? 'received' : 'sending',
    });
  // In beforeAll, not at collection: the fixtures' counter (their seq) must not move under the tests above.
  beforeAll(() => upsertCertificates(db, Array.from({ length: 1000 }, (_, index) => certificateAt(index))));
  const filters: Partial<CertificateQuery>[] = [
    {},
    { type: 'E' },
    { applicant: '宁波' },
    { number: 'k24', printStatus: 'pending' },
    { issueDateFrom: '2024-03-01', issueDateTo: '2024-06-30', destinationCountry: '日本', archiveStatus: 'unarchived' },
    { layoutStatus: 'sending', applicant: '杭州' },
  ];
  function plain(query: CertificateQuery): { total: number; numbers: string[] } {
    const where = [`1`];
    const params: (string | number)[] = [];
    const number = query.number?.toUpperCase();
    if (number) (where.push(`substr(number, 1, ?) = ?`), params.push(number.length, number));
    for (const [key, column] of [['type', 'type'], ['destinationCountry', 'destination_country'], ['layoutStatus', 'layout_status'],
      ['archiveStatus', 'archive_status'], ['printStatus', 'print_status']] as const) {
      if (query[key]) (where.push(`${column} = ?`), params.push(query[key]!));
    }
    if (query.applicant) (where.push(`instr(applicant, ?) > 0`), params.push(query.applicant));
    if (query.issueDateFrom) (where.push(`issue_date >= ?`), params.push(query.issueDateFrom));
    if (query.issueDateTo) (where.push(`issue_date <= ?`), params.push(query.issueDateTo));
    const text = where.join(' AND ');
    const total = (db.prepare(`SELECT count(*) FROM certificates WHERE ${text}`).pluck().get(...params) as number);
    const numbers = db
      .prepare(`SELECT number FROM certificates WHERE ${text} ORDER BY issue_date DESC, number DESC LIMIT ? OFFSET ?`)
      .pluck()
      .all(...params, query.limit, query.offset) as string[];
    return { total, numbers };
  }
  function expectSamePages(among = filters): void {
    for (const filter of among) {
      const { total } = plain({ ...filter, offset: 0, limit: 1 });
      expect(total, JSON.stringify(filter)).toBeGreaterThan(0);
      for (const offset of [0, 1, Math.floor(total / 2), Math.floor(total * 0.9), Math.max(0, total - 7), total, total + 5]) {
        const query = { ...filter, offset, limit: 7 };
        const listed = searchCertificates(db, query);
        expect({ total: listed.total, numbers: listed.rows.map((row) => row.number) }, JSON.stringify(query)).toEqual(plain(query));
      }
    }
  }

  it('first, middle, deep and last pages, with several filters', () => {
    expectSamePages();
  });

  it('after a sync adds, changes and removes rows, and after a print changes one status', () => {
    // As many filters as the memo keeps (more would evict each other and hide a stale memo).
    const kept = filters.slice(2, 6);
    expectSamePages(kept);
    // New rows at the top, a status flipped, a date moved: every memoized filter is stale now.
    upsertCertificates(db, [certificateAt(1000), certificateAt(1001), { ...certificateAt(3, 'printed'), seq: 1e9, issueDate: '2025-01-01' }]);
    expectSamePages(kept);
    db.prepare(`DELETE FROM certificates WHERE certificate_id IN ('m12', 'm44', 'm1000')`).run();
    expectSamePages(kept);
    db.prepare(`UPDATE certificates SET print_status = 'pending', layout_status = 'sending' WHERE certificate_id = 'm4'`).run();
    expectSamePages(kept);
  });
  it('keeps its memo across the writes of a sync that change no certificate, and drops it on the next one that does', () => {
    const version = listDataVersion(db);
    // A sync that brings nothing: the authorizations replaced, the cursor and the time of success written.
    replaceEnterprises(db, { self: { enterprise: { code: '91330200MA0000001X', customsCode: null, name: '宁波甲进出口' }, selfPrintSince: null }, principals: [] }, '2024-03-06T00:00:00.000Z');
    applyChangesPage(db, [], 99);
    setLastSyncSuccess(db, '2024-03-06T00:00:01.000Z');
    expect(listDataVersion(db)).toBe(version);
    applyChangesPage(db, [certificateAt(1002)], 100);
    expect(listDataVersion(db)).not.toBe(version);
    expectSamePages(filters.slice(0, 4));
  });
});

// 导出证书 streams every row of a list query: the same conditions, no page, the same order.
describe('export queries: every row of a list query, served by an index, in the list order', () => {
  const db = openDatabase(':memory:');
  const cases: Record<string, Partial<CertificateQuery>> = {
    'no filter': {},
    number: { number: 'E24' },
    type: { type: 'E' },
    applicant: { applicant: '宁波' },
    'issue date range': { issueDateFrom: '2024-01-01', issueDateTo: '2024-12-31' },
    'print status': { printStatus: 'pending' },
    combined: { type: 'E', printStatus: 'pending', issueDateFrom: '2024-01-01' },
  };
  for (const [name, filter] of Object.entries(cases)) {
    it(name, () => {
      const { count, rows } = certificateExportQueries(filter);
      for (const query of [count, rows]) {
        const plan = (db.prepare(`EXPLAIN QUERY PLAN ${query.text}`).all(...query.params) as { detail: string }[]).map((step) => step.detail);
        const steps = plan.filter((detail) => /^(SCAN|SEARCH) (c|e)\b/.test(detail));
        expect(steps.filter((detail) => /^(SCAN|SEARCH) c\b/.test(detail)).length, plan.join(' | ')).toBeGreaterThan(0);
        if (query === rows) expect(steps.some((detail) => /^SEARCH e USING PRIMARY KEY/.test(detail)), plan.join(' | ')).toBe(true);
        for (const detail of steps) expect(detail, plan.join(' | ')).toMatch(/USING (COVERING )?INDEX|USING (INTEGER )?PRIMARY KEY/);
        // Streamed in index order where one index serves both the condition and the order: a sort
        // would gather every row before the first comes out. (A number prefix or an applicant
        // substring selects few rows; SQLite's sorter spills to disk beyond its cache anyway.)
        if (query === rows && ['no filter', 'type', 'issue date range', 'print status'].includes(name)) {
          expect(plan.some((detail) => /USE TEMP B-TREE FOR ORDER BY/.test(detail)), plan.join(' | ')).toBe(false);
        }
      }
    });
  }

  it('yields the rows the list pages through, in the same order', () => {
    const filled = openDatabase(':memory:');
    upsertCertificates(
      filled,
      Array.from({ length: 120 }, (_, index) =>
        makeCertificate({ type: index % 2 ? 'E' : 'K', issueDate: `2024-0${1 + (index % 9)}-1${index % 10}`, applicant: index % 3 ? '宁波甲' : '杭州乙' }),
      ),
    );
    for (const filter of [{}, { type: 'E' }, { applicant: '宁波' }, { issueDateFrom: '2024-03-01', printStatus: 'pending' as const }]) {
      const listed = [0, 50, 100].flatMap((offset) => searchCertificates(filled, { ...filter, offset, limit: 50 }).rows);
      const { total, rows } = iterateCertificates(filled, filter);
      expect([...rows]).toEqual(listed);
      expect(total).toBe(listed.length);
    }
  });
});

describe('the layout prefetch after a sync', () => {
  let db: Db;
  const day = (index: number) => new Date(Date.UTC(2020, 0, 1) + index * 3_600_000).toISOString().slice(0, 10);
  beforeEach(() => {
    db = openDatabase(':memory:');
  });

  it('names the missing layouts of the newest printable certificates, newest first', () => {
    upsertCertificates(db, [
      makeCertificate({ certificateId: 'old', issueDate: '2024-01-01' }),
      makeCertificate({ certificateId: 'new', issueDate: '2024-03-01' }),
      makeCertificate({ certificateId: 'printed', issueDate: '2024-04-01', printStatus: 'printed' }),
      makeCertificate({ certificateId: 'sending', issueDate: '2024-04-01', layoutStatus: 'sending', layouts: null }),
    ]);
    const old = getCertificate(db, 'old')!;
    recordLayout(db, { certificateId: 'old', kind: 'original', sha256: old.layouts!.original.sha256, size: 1, fileName: 'o.pdf' });
    expect(certificatesMissingLayouts(db, 10).map((missing) => `${missing.certificateId} ${missing.kind}`)).toEqual(['new original', 'new copy', 'old copy']);
    expect(certificatesMissingLayouts(db, 1)).toHaveLength(1);
  });

  it('looks no further back than its window, so its cost does not grow with the cache', () => {
    // The window's worth of newer printable certificates, all on disk, in front of one that is not.
    const newer = Array.from({ length: LAYOUT_PREFETCH_WINDOW }, (_, index) => makeCertificate({ issueDate: day(1000 + index) }));
    upsertCertificates(db, [makeCertificate({ certificateId: 'beyond', issueDate: day(0) }), ...newer]);
    for (const certificate of newer) {
      for (const kind of ['original', 'copy'] as const) {
        recordLayout(db, { certificateId: certificate.certificateId, kind, sha256: certificate.layouts![kind].sha256, size: 1, fileName: `${kind}.pdf` });
      }
    }
    expect(certificatesMissingLayouts(db, 10)).toEqual([]);
    // One printed: the window reaches one further back.
    db.prepare(`UPDATE certificates SET print_status = 'printed' WHERE certificate_id = ?`).run(newer[0]!.certificateId);
    expect(certificatesMissingLayouts(db, 10).map((missing) => missing.certificateId)).toEqual(['beyond', 'beyond']);
  });

  it('finds its window in the list index alone; only the window is sorted', () => {
    const plan = (db.prepare(`EXPLAIN QUERY PLAN ${missingLayoutsQuery()}`).all(LAYOUT_PREFETCH_WINDOW, 200) as { detail: string }[]).map((step) => step.detail);
    expect(plan).toContain('SCAN certificates USING COVERING INDEX certificates_list');
    expect(plan.filter((step) => step.includes('TEMP B-TREE'))).toEqual(['USE TEMP B-TREE FOR ORDER BY']);
    expect(plan.some((step) => step.includes('certificates_by_print'))).toBe(false);
  });
});

describe('self-print flags from the cached authorizations', () => {
  const OWN = '91330201MA2H3XK7QE';
  const PRINCIPAL = '91330212MA28PQ4N3X';
  const STRANGER = '91330203MA2BCDEF1G';
  const since = (iso: string) => ({ enterprise: { code: '', customsCode: null, name: '' }, selfPrintSince: iso });
  let db: Db;
  beforeEach(() => {
    db = openDatabase(':memory:');
    upsertCertificates(db, [
      makeCertificate({ certificateId: 'own-new', applicantCode: OWN, approvedAt: '2024-03-01T10:15:01+08:00', issueDate: '2024-03-04' }),
      // The same instant as the authorization receipt: not LATER, so not printable.
      makeCertificate({ certificateId: 'own-old', applicantCode: OWN, approvedAt: '2024-03-01T02:15:00.000Z', issueDate: '2024-03-03' }),
      makeCertificate({ certificateId: 'principal', applicantCode: PRINCIPAL, applicant: '宁波委托有限公司', issueDate: '2024-03-02' }),
      makeCertificate({ certificateId: 'stranger', applicantCode: STRANGER, issueDate: '2024-03-01' }),
    ]);
  });
  const flags = () => Object.fromEntries(searchCertificates(db, page).rows.map((row) => [row.certificateId, row.selfPrint]));
  const replace = (principal: { revokedAt: string | null; selfPrintSince: string | null }) =>
    replaceEnterprises(
      db,
      {
        self: { ...since('2024-03-01T10:15:00+08:00'), enterprise: { code: OWN, customsCode: '3302460001', name: '宁波示例进出口有限公司' } },
        principals: [
          {
            enterprise: { code: PRINCIPAL, customsCode: null, name: '宁波委托有限公司' },
            grantId: 'g1',
            grantedAt: '2023-10-01T09:00:00+08:00',
            ...principal,
          },
        ],
      },
      '2024-03-06T00:00:00.000Z',
    );

  it('are unknown until the authorizations were synced: the server decides then', () => {
    expect(new Set(Object.values(flags()))).toEqual(new Set(['unknown']));
  });

  it('compare the approval instant with the applicant’s receipt, across time zones', () => {
    replace({ revokedAt: null, selfPrintSince: '2024-01-01T00:00:00Z' });
    expect(flags()).toEqual({ 'own-new': 'ok', 'own-old': 'approved-before-authorization', principal: 'ok', stranger: 'proxy-not-granted' });
    expect(certificateSelfPrint(db, 'own-old')).toBe('approved-before-authorization');
    expect(diagnoseCertificate(db, 'own-old')).toMatchObject({
      approvedAt: '2024-03-01T02:15:00.000Z',
      selfPrintSince: '2024-03-01T10:15:00+08:00',
      problems: ['approved-before-authorization'],
    });
  });

  it('follow a revoked grant and a principal that never authorized', () => {
    replace({ revokedAt: '2024-03-05T00:00:00Z', selfPrintSince: '2024-01-01T00:00:00Z' });
    expect(flags().principal).toBe('proxy-not-granted');
    replace({ revokedAt: null, selfPrintSince: null });
    expect(flags().principal).toBe('not-authorized');
    expect(cachedPrincipals(db)).toEqual([
      { enterprise: { code: PRINCIPAL, customsCode: null, name: '宁波委托有限公司' }, grantedAt: '2023-10-01T09:00:00+08:00', revokedAt: null, selfPrintSince: null },
    ]);
  });
});

describe('prints and the outbox', () => {
  let db: Db;
  const now = '2024-03-05T03:00:00.000Z';
  beforeEach(() => {
    db = openDatabase(':memory:');
    upsertCertificates(db, [makeCertificate({ certificateId: 'a', number: 'E24470ZC41090001' })]);
    insertPrint(db, { printId: 'p1', certificateId: 'a', certificateNumber: 'E24470ZC41090001', kind: 'original', printer: 'P', onBehalfOf: null, now });
  });

  it('records each state with what it carries', () => {
    expect(setPrintState(db, 'p1', { state: 'printing', spoolerJobId: 'P-7' }, now).status).toEqual({ state: 'printing', spoolerJobId: 'P-7' });
    expect(setPrintState(db, 'p1', { state: 'awaiting-confirmation', spoolerOutcome: 'completed' }, now).status).toEqual({
      state: 'awaiting-confirmation',
      spoolerOutcome: 'completed',
    });
    expect(unfinishedPrints(db).map((job) => job.printId)).toEqual(['p1']);
  });

  it('knows an original went to the spooler, and which registrations are unresolved', () => {
    expect(unresolvedRegistration(db, 'a', 'original')).toBe('p1');
    expect(originalAlreadyPrinted(db, 'a')).toBe(false);
    setPrintState(db, 'p1', { state: 'spooling' }, now);
    expect(originalAlreadyPrinted(db, 'a')).toBe(true);
    expect(unresolvedRegistration(db, 'a', 'original')).toBeNull();
  });

  it('writes the answer and its outbox row in one transaction, once per print', () => {
    setPrintState(db, 'p1', { state: 'awaiting-confirmation', spoolerOutcome: 'completed' }, now);
    recordConfirmation(db, { printId: 'p1', answer: 'yes', spoolerOutcome: 'completed', now });
    recordConfirmation(db, { printId: 'p1', answer: 'yes', spoolerOutcome: 'completed', now });
    expect(countOutbox(db)).toBe(1);
    const [entry] = pendingOutbox(db, 10);
    expect(entry?.idempotencyKey).toBe('confirm-p1');
    expect(JSON.parse(entry!.payload)).toEqual({ printId: 'p1', answer: 'yes', spoolerOutcome: 'completed' });
    expect(unfinishedPrints(db)).toEqual([]);
  });
});

// ---------------------------------------------------------------------------
// 打印异常申请

describe('exception applications', () => {
  let db: Db;
  const now = '2024-03-05T03:00:00.000Z';
  const application = (fields: Partial<ExceptionApplicationDto> = {}): ExceptionApplicationDto => ({
    applicationId: 'x1', certificateId: 'a', certificateNumber: 'E24470ZC41090001',
    reason: { code: 'printer-fault', label: '打印机卡纸或故障' }, operation: { code: 'reprint-original', label: '重新打印正本' },
    status: 'pending', reviewMessage: '', submittedAt: '2024-03-05T11:00:00+08:00', decidedAt: null, usedByPrintId: null, printReportedAt: null,
    ...fields,
  });
  beforeEach(() => {
    db = openDatabase(':memory:');
    upsertCertificates(db, [makeCertificate({ certificateId: 'a', number: 'E24470ZC41090001', printStatus: 'printed' })]);
    insertPrint(db, { printId: 'p1', certificateId: 'a', certificateNumber: 'E24470ZC41090001', kind: 'original', printer: 'P', onBehalfOf: null, now });
    setPrintState(db, 'p1', { state: 'confirmed', answer: 'no' }, now);
  });

  it('lists newest first, replaced whole by the server’s list', () => {
    replaceExceptionApplications(db, [
      application({ applicationId: 'x1', status: 'rejected', submittedAt: '2024-03-05T11:00:00+08:00' }),
      application({ applicationId: 'x2', submittedAt: '2024-03-05T12:00:00+08:00' }),
    ]);
    expect(listExceptionApplications(db, 10).map((view) => [view.applicationId, view.status])).toEqual([['x2', 'pending'], ['x1', 'rejected']]);
    replaceExceptionApplications(db, [application({ applicationId: 'x3' })]);
    expect(listExceptionApplications(db, 10).map((view) => view.applicationId)).toEqual(['x3']);
  });

  it('allow one more original per approval, used up by a print registered here or at the server', () => {
    replaceExceptionApplications(db, [application()]);
    expect(openExceptionApplication(db, 'a')?.status).toBe('pending');
    expect(exceptionAllowance(db, 'a')).toBeNull();
    replaceExceptionApplications(db, [application({ status: 'approved' })]);
    expect(exceptionAllowance(db, 'a')).toBe('x1');
    expect(openExceptionApplication(db, 'a')?.applicationId).toBe('x1');

    insertPrint(db, { printId: 'p2', certificateId: 'a', certificateNumber: 'E24470ZC41090001', kind: 'original', printer: 'P', onBehalfOf: null, now });
    setPrintException(db, 'p2', 'x1');
    // Queued or lost on the way: the approval still holds for the retry with the same print id.
    replaceExceptionApplications(db, [application({ status: 'approved', usedByPrintId: 'p2' })]);
    expect(exceptionAllowance(db, 'a')).toBe('x1');
    setPrintState(db, 'p2', { state: 'spooling' }, now);
    expect(exceptionAllowance(db, 'a')).toBeNull();
    expect(openExceptionApplication(db, 'a')).toBeNull();
    expect(listExceptionApplications(db, 10)[0]).toMatchObject({ printUsed: true, printCounted: false });
    // Used by another print at the server (another workstation): none here either.
    replaceExceptionApplications(db, [application({ applicationId: 'x9', status: 'approved', usedByPrintId: 'elsewhere' })]);
    expect(exceptionAllowance(db, 'a')).toBeNull();
  });

  it('reports an exception print through the outbox once, and nothing for other prints', () => {
    expect(recordExceptionPrint(db, 'p1', now)).toBe(false);
    expect(countOutbox(db)).toBe(0);
    setPrintException(db, 'p1', 'x1');
    expect(recordExceptionPrint(db, 'p1', now)).toBe(true);
    expect(recordExceptionPrint(db, 'p1', now)).toBe(true);
    const entries = pendingOutbox(db, 10);
    expect(entries.map((entry) => [entry.operation, entry.idempotencyKey])).toEqual([['exception-print', 'exception-print-p1']]);
    expect(JSON.parse(entries[0]!.payload)).toEqual({ applicationId: 'x1', printId: 'p1' });
  });

  it('serves 异常申请列表 from an index', () => {
    const plan = (db.prepare(`EXPLAIN QUERY PLAN ${exceptionListQuery()}`).all(10) as { detail: string }[]).map((step) => step.detail);
    const steps = plan.filter((detail) => /^(SCAN|SEARCH) (a|p)\b/.test(detail));
    expect(steps.length, plan.join(' | ')).toBeGreaterThan(1);
    for (const detail of steps) expect(detail, plan.join(' | ')).toMatch(/USING (COVERING )?INDEX|USING (INTEGER )?PRIMARY KEY/);
    expect(plan.some((detail) => /USE TEMP B-TREE FOR ORDER BY/.test(detail)), plan.join(' | ')).toBe(false);
  });
});
// 证书下载 -------------------------------------------------------------------

describe('e-certificate queries', () => {
  const SCOPE = ['日本', '新加坡', '新西兰', '澳大利亚', '韩国'];
  let db: Db;
  beforeEach(() => {
    db = openDatabase(':memory:');
    upsertCertificates(db, [
      makeCertificate({ certificateId: 'rc-jp', number: 'RC24470ZC41090001', type: 'RC', destinationCountry: '日本', issueDate: '2024-05-01' }),
      makeCertificate({ certificateId: 'br-kr', number: 'BR24470ZC41090002', type: 'BR', destinationCountry: '韩国', issueDate: '2024-04-01' }),
      makeCertificate({ certificateId: 'rc-vn', number: 'RC24470ZC41090003', type: 'RC', destinationCountry: '越南', issueDate: '2024-03-01' }),
      makeCertificate({ certificateId: 'e-sg', number: 'E24470ZC41090004', type: 'E', destinationCountry: '新加坡', issueDate: '2024-02-01' }),
      makeCertificate({ certificateId: 'rc-nz', number: 'RC23470ZC41090005', type: 'RC', destinationCountry: '新西兰', issueDate: '2023-12-01' }),
    ]);
  });
  const ids = (query: Partial<ECertificateListQuery> = {}) =>
    searchECertificates(db, { ...page, destinations: SCOPE, ...query }).rows.map((row) => row.certificateId);

  it('lists only RC and BR certificates for the allowed destinations, newest first', () => {
    const result = searchECertificates(db, { ...page, destinations: SCOPE });
    expect(result.total).toBe(3);
    expect(result.rows.map((row) => row.certificateId)).toEqual(['rc-jp', 'br-kr', 'rc-nz']);
    expect(result.rows[0]).toMatchObject({ number: 'RC24470ZC41090001', type: 'RC', destinationCountry: '日本', download: 'none', downloadedAt: null });
  });

  it('follows the scope it is given: a destination added or removed by announcement', () => {
    expect(ids({ destinations: ['日本', '越南'] })).toEqual(['rc-jp', 'rc-vn']);
    expect(ids({ destinations: [] })).toEqual([]);
  });

  it('filters by number prefix, type, destination (within the scope only) and issue date', () => {
    expect(ids({ number: 'rc24' })).toEqual(['rc-jp']);
    expect(ids({ type: 'BR' })).toEqual(['br-kr']);
    expect(ids({ destinationCountry: '新西兰' })).toEqual(['rc-nz']);
    expect(ids({ destinationCountry: '越南' })).toEqual([]);
    expect(ids({ issueDateFrom: '2024-01-01', issueDateTo: '2024-04-30' })).toEqual(['br-kr']);
    expect(searchECertificates(db, { offset: 1, limit: 1, destinations: SCOPE }).rows.map((row) => row.certificateId)).toEqual(['br-kr']);
  });

  it('records a download, marks it damaged, and a new download clears the mark', () => {
    recordECertificate(db, { certificateId: 'rc-jp', sha256: 'a'.repeat(64), size: 10, fileName: 'f1.pdf', downloadedAt: '2026-12-01T00:00:00.000Z' });
    expect(searchECertificates(db, { ...page, destinations: SCOPE }).rows[0]).toMatchObject({ download: 'downloaded', downloadedAt: '2026-12-01T00:00:00.000Z' });
    markECertificateDamaged(db, 'rc-jp');
    expect(getECertificate(db, 'rc-jp')).toMatchObject({ damaged: true, fileName: 'f1.pdf' });
    expect(searchECertificates(db, { ...page, destinations: SCOPE }).rows[0]?.download).toBe('damaged');
    recordECertificate(db, { certificateId: 'rc-jp', sha256: 'b'.repeat(64), size: 11, fileName: 'f2.pdf', downloadedAt: '2026-12-02T00:00:00.000Z' });
    expect(getECertificate(db, 'rc-jp')).toEqual({
      certificateId: 'rc-jp', sha256: 'b'.repeat(64), size: 11, fileName: 'f2.pdf', downloadedAt: '2026-12-02T00:00:00.000Z', damaged: false,
    });
    expect(getECertificate(db, 'br-kr')).toBeNull();
  });
});

describe('query plans: the e-certificate list is served by its partial index', () => {
  const db = openDatabase(':memory:');
  const cases: Record<string, Partial<ECertificateListQuery>> = {
    'no filter': {},
    number: { number: 'RC24' },
    type: { type: 'RC' },
    destination: { destinationCountry: '日本' },
    'issue date range': { issueDateFrom: '2024-01-01', issueDateTo: '2024-12-31' },
    combined: { type: 'BR', destinationCountry: '韩国', issueDateFrom: '2024-01-01', number: 'BR' },
  };
  for (const [name, filter] of Object.entries(cases)) {
    it(name, () => {
      const { order, rows } = eCertificateListQueries({ ...page, destinations: ['日本', '韩国'], ...filter });
      const planOf = (text: string, params: readonly unknown[]) =>
        (db.prepare(`EXPLAIN QUERY PLAN ${text}`).all(...params) as { detail: string }[]).map((step) => step.detail);
      // The filter's pass reads the partial index alone, in list order: no sort over the RC/BR rows.
      const resolve = planOf(order.text, order.params);
      expect(resolve.filter((detail) => /^(SCAN|SEARCH) c\b/.test(detail)), resolve.join(' | ')).toEqual([
        expect.stringMatching(/^(SCAN|SEARCH) c USING COVERING INDEX certificates_e_version\b/),
      ]);
      expect(resolve.some((detail) => detail.includes('TEMP B-TREE')), resolve.join(' | ')).toBe(false);
      // A block: its rowids by primary key, each row's download by the e_certificates key.
      const block = planOf(rows(3), [1, 2, 3]);
      expect(block.filter((detail) => /^(SCAN|SEARCH) (c|d)\b/.test(detail)), block.join(' | ')).toEqual([
        expect.stringMatching(/^SEARCH c USING INTEGER PRIMARY KEY \(rowid=\?\)/),
        expect.stringMatching(/^SEARCH d USING PRIMARY KEY \(certificate_id=\?\)/),
      ]);
    });
  }
});

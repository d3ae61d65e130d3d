import { beforeEach, describe, expect, it } from 'vitest';
import type { CertificateQuery } from '../../preload/contract';
import { openDatabase, type Db } from '../../main/db/connection';
import { certificateListQueries, getCertificate, searchCertificates, upsertCertificates } from '../../main/db/queries/certificates';
import { countOutbox, pendingOutbox } from '../../main/db/queries/outbox';
import {
  insertPrint,
  originalAlreadyPrinted,
  recordConfirmation,
  setPrintState,
  unfinishedPrints,
  unresolvedRegistration,
} from '../../main/db/queries/prints';
import { applyChangesPage, getSyncCursor } from '../../main/db/queries/sync';
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
      const { count, rows } = certificateListQueries({ ...page, ...filter });
      for (const query of [count, rows]) {
        const plan = (db.prepare(`EXPLAIN QUERY PLAN ${query.text}`).all(...query.params) as { detail: string }[]).map(
          (step) => step.detail,
        );
        const onCertificates = plan.filter((detail) => /\bcertificates\b/.test(detail));
        expect(onCertificates.length, plan.join(' | ')).toBeGreaterThan(0);
        for (const detail of onCertificates) expect(detail, plan.join(' | ')).toMatch(/USING (COVERING )?INDEX|USING INTEGER PRIMARY KEY/);
      }
    });
  }
});

describe('prints and the outbox', () => {
  let db: Db;
  const now = '2024-03-05T03:00:00.000Z';
  beforeEach(() => {
    db = openDatabase(':memory:');
    upsertCertificates(db, [makeCertificate({ certificateId: 'a', number: 'E24470ZC41090001' })]);
    insertPrint(db, { printId: 'p1', certificateId: 'a', certificateNumber: 'E24470ZC41090001', kind: 'original', printer: 'P', now });
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

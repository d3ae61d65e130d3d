import { beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../main/db/connection';
import { decodeDetail } from '../../main/db/detail';
import { getCertificate } from '../../main/db/queries/certificates';
import { applyChangesPage } from '../../main/db/queries/sync';
import { makeCertificate } from '../fixtures/certificates';

// Issue 9: detail keeps only what no column has; the record must still come back whole,
// for preview (offline review), printing and the exception form.
describe('the cached server record', () => {
  let db: Db;
  beforeEach(() => {
    db = openDatabase(':memory:');
  });

  it('reads back equal to what the server sent, with and without layouts, after an update too', () => {
    const received = makeCertificate({
      certificateId: 'd-1',
      goods: [
        { itemNumber: 1, marks: 'N/M', description: '不锈钢水槽 STAINLESS STEEL SINKS', hsCode: '732410', originCriterion: 'WO', quantity: '5 PCS', grossWeight: '25 KGS', fobValue: 'USD 125.00' },
        { itemNumber: 2, marks: 'A1', description: 'TAPS', hsCode: '848180', originCriterion: 'PE', quantity: '9 PCS', grossWeight: '9 KGS', fobValue: 'USD 90.00' },
      ],
      remarks: '第三方发票',
    });
    const generated = makeCertificate({ certificateId: 'd-2', layoutStatus: 'generated', layouts: null });
    applyChangesPage(db, [received, generated], 2);
    expect(getCertificate(db, 'd-1')).toEqual(received);
    expect(getCertificate(db, 'd-2')).toEqual(generated);

    const printed = { ...received, seq: received.seq + 10, printStatus: 'printed' as const, archiveStatus: 'archived' as const, exceptionPrintCount: 1,
      layouts: { original: { sha256: 'c'.repeat(64), size: 2000 }, copy: { sha256: 'd'.repeat(64), size: 3000 } } };
    applyChangesPage(db, [printed], 3);
    expect(getCertificate(db, 'd-1')).toEqual(printed);
  });

  it('keeps no field twice: the columns are not repeated in detail', () => {
    const item = makeCertificate({ certificateId: 'd-3' });
    applyChangesPage(db, [item], 1);
    const detail = decodeDetail((db.prepare(`SELECT detail FROM certificates WHERE certificate_id = 'd-3'`).get() as { detail: Buffer }).detail);
    const keys = Object.keys(JSON.parse(detail) as Record<string, unknown>);
    for (const column of ['certificateId', 'seq', 'number', 'type', 'applicant', 'applicantCode', 'destinationCountry', 'issueDate', 'approvedAt', 'layoutStatus', 'archiveStatus', 'printStatus', 'exceptionPrintCount']) {
      expect(keys).not.toContain(column);
    }
    expect(keys).toEqual(expect.arrayContaining(['exporter', 'consignee', 'goods', 'invoiceNumber', 'updatedAt', 'layouts']));
    expect(detail).not.toContain('a'.repeat(64));
  });
});

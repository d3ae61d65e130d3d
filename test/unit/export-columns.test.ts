import { describe, expect, it } from 'vitest';
import {
  ARCHIVE_LABELS,
  CERT_TYPE_LABELS,
  certTypeText,
  EXPORT_COLUMNS,
  excelDate,
  LAYOUT_LABELS,
  neutralized,
  PRINT_LABELS,
  SELF_PRINT_LABELS,
} from '../../main/export/columns';
import zhCN from '../../renderer/src/i18n/zh-CN';

describe('export columns', () => {
  it('use the list’s Chinese headers and labels, as the UI shows them', () => {
    const c = zhCN.certificates.columns;
    expect(EXPORT_COLUMNS.map((column) => column.header)).toEqual([
      c.number, c.type, c.applicant, c.destinationCountry, c.issueDate, c.layoutStatus, c.archiveStatus, c.printStatus, c.exceptionPrintCount, c.solution,
    ]);
    expect(CERT_TYPE_LABELS).toEqual(zhCN.certTypes);
    expect(LAYOUT_LABELS).toEqual(zhCN.status.layout);
    expect(ARCHIVE_LABELS).toEqual(zhCN.status.archive);
    expect(PRINT_LABELS).toEqual(zhCN.status.print);
    const { ok, unknown, ...refusals } = SELF_PRINT_LABELS;
    expect([ok, unknown]).toEqual(['', '']);
    expect(refusals).toEqual(zhCN.certificates.selfPrint);
    expect(certTypeText('RC')).toBe('RC RCEP');
    expect(certTypeText('ZZ')).toBe('ZZ');
  });

  it('prefix a quote to text a spreadsheet would evaluate, and leave other text alone', () => {
    for (const text of ['=1+1', '+1', '-1', '@SUM(A1)', '\t=1', '\r=1']) expect(neutralized(text)).toBe(`'${text}`);
    for (const text of ['宁波甲贸易有限公司', 'E24470ZC41090001', ' =1', '1-1', 'a=b', '']) expect(neutralized(text)).toBe(text);
  });

  it('turn a valid day into a UTC midnight date and leave anything else as text', () => {
    expect(excelDate('2024-03-05')).toEqual(new Date(Date.UTC(2024, 2, 5)));
    expect(excelDate('2024-02-30')).toBe('2024-02-30');
    expect(excelDate('05/03/2024')).toBe('05/03/2024');
  });
});

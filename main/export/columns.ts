// The workbook's columns: the list's columns of 证书打印, in its order, with the Chinese
// header and labels the list shows (a test holds them equal to renderer/src/i18n/zh-CN.ts;
// the file is always Chinese, whatever the UI language, like the manual's figure).

import type { ArchiveStatus, CertificateRow, LayoutStatus, PrintStatus, SelfPrintStatus } from '../../preload/contract';

export type CellValue = string | number | Date | null;

export interface ExportColumn {
  header: string;
  /** In characters, as Excel measures widths. */
  width: number;
  /** An Excel number format for dates and counts; strings keep the default. */
  numFmt?: string;
  value(row: CertificateRow): CellValue;
}

export const CERT_TYPE_LABELS: Readonly<Record<string, string>> = {
  C: '一般原产地证书', E: '中国-东盟', B: '亚太贸易协定', K: '中国-韩国', A: '中国-澳大利亚', N: '中国-新西兰',
  P: '中国-巴基斯坦', F: '中国-智利', S: '中国-瑞士', I: '中国-冰岛', GE: '中国-格鲁吉亚', X: '中国-新加坡',
  H: 'ECFA', MU: '中国-毛里求斯', RC: 'RCEP', BR: 'RCEP背对背', R: '中国-秘鲁', L: '中国-哥斯达黎加',
  T: '烟草真实性', TR: '转口证明', PR: '加工装配证书',
};
export const LAYOUT_LABELS: Readonly<Record<LayoutStatus, string>> = { generated: '海关端生成', sending: '发送中', received: '接收成功' };
export const ARCHIVE_LABELS: Readonly<Record<ArchiveStatus, string>> = { archived: '已归档', unarchived: '未归档' };
export const PRINT_LABELS: Readonly<Record<PrintStatus, string>> = { pending: '待打印', printed: '已打印' };
/** As the list's 解决办法 column: only a status that refuses self-print has words. */
export const SELF_PRINT_LABELS: Readonly<Record<SelfPrintStatus, string>> = {
  ok: '',
  unknown: '',
  'approved-before-authorization': '审批早于授权',
  'not-authorized': '未授权',
  'proxy-not-granted': '未获代理授权',
};

/** "E 中国-东盟", as the list shows it; a type a later announcement adds is shown as its code. */
export function certTypeText(code: string): string {
  const label = CERT_TYPE_LABELS[code];
  return label === undefined ? code : `${code} ${label}`;
}

/** YYYY-MM-DD as an Excel date (midnight UTC: exceljs counts days in UTC); anything else stays text. */
export function excelDate(day: string): Date | string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return day;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().slice(0, 10) === day ? date : day;
}

export const EXPORT_COLUMNS: readonly ExportColumn[] = [
  { header: '证书编号', width: 22, value: (row) => row.number },
  { header: '证书类型', width: 20, value: (row) => certTypeText(row.type) },
  { header: '申请人', width: 36, value: (row) => row.applicant },
  { header: '目的国', width: 14, value: (row) => row.destinationCountry },
  { header: '签发日期', width: 12, numFmt: 'yyyy-mm-dd', value: (row) => excelDate(row.issueDate) },
  { header: '版式状态', width: 12, value: (row) => LAYOUT_LABELS[row.layoutStatus] },
  { header: '归档状态', width: 10, value: (row) => ARCHIVE_LABELS[row.archiveStatus] },
  { header: '打印状态', width: 10, value: (row) => PRINT_LABELS[row.printStatus] },
  { header: '异常打印次数', width: 14, numFmt: '0', value: (row) => row.exceptionPrintCount },
  { header: '解决办法', width: 14, value: (row) => SELF_PRINT_LABELS[row.selfPrint] || null },
];

// A spreadsheet takes text that starts with one of these as a formula (OWASP, "CSV
// Injection"); tab and carriage return because some programs strip them first.
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * Text that a spreadsheet could evaluate gets a leading single quote, as OWASP recommends.
 * Every string is already written as a string cell, which Excel does not evaluate on
 * opening; the quote is for what happens next: a user who edits the cell and presses
 * Enter, or saves the sheet as CSV and opens that, would otherwise turn it into a
 * live formula. The quote stays visible; real certificate data never starts with these.
 */
export function neutralized(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** One worksheet row: strings neutralized, dates and counts as their types. */
export function rowValues(row: CertificateRow): CellValue[] {
  return EXPORT_COLUMNS.map((column) => {
    const value = column.value(row);
    return typeof value === 'string' ? neutralized(value) : value;
  });
}

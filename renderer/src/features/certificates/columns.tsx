import type { CSSProperties, ReactNode } from 'react';
import { Typography } from 'antd';
import type { TFunction } from 'i18next';
import type { CertificateRow } from '../../../../preload/contract';
import { certTypeLabel } from './certTypes';
import { ArchiveStatusTag, LayoutStatusTag, PrintStatusTag } from './StatusTag';

export interface Column {
  key: Exclude<keyof CertificateRow, 'certificateId'>;
  title: (t: TFunction) => string;
  /** Fixed width in px; the one column without it takes the remaining space. */
  width?: number;
  minWidth?: number;
  align?: 'center' | 'right';
  render: (row: CertificateRow, t: TFunction) => ReactNode;
}

export const SELECT_COLUMN_WIDTH = 44;

export const COLUMNS: readonly Column[] = [
  { key: 'number', title: (t) => t('certificates.columns.number'), width: 170, render: (row) => <span className="cert-number">{row.number}</span> },
  { key: 'type', title: (t) => t('certificates.columns.type'), width: 124, render: (row, t) => certTypeLabel(row.type, t) },
  {
    key: 'applicant',
    title: (t) => t('certificates.columns.applicant'),
    minWidth: 120,
    render: (row) => (
      <Typography.Text ellipsis={{ tooltip: row.applicant }} className="cert-applicant">
        {row.applicant}
      </Typography.Text>
    ),
  },
  { key: 'destinationCountry', title: (t) => t('certificates.columns.destinationCountry'), width: 84, render: (row) => row.destinationCountry },
  { key: 'issueDate', title: (t) => t('certificates.columns.issueDate'), width: 96, render: (row) => row.issueDate },
  { key: 'layoutStatus', title: (t) => t('certificates.columns.layoutStatus'), width: 104, render: (row) => <LayoutStatusTag value={row.layoutStatus} /> },
  { key: 'archiveStatus', title: (t) => t('certificates.columns.archiveStatus'), width: 84, render: (row) => <ArchiveStatusTag value={row.archiveStatus} /> },
  { key: 'printStatus', title: (t) => t('certificates.columns.printStatus'), width: 80, render: (row) => <PrintStatusTag value={row.printStatus} /> },
  {
    key: 'exceptionPrintCount',
    title: (t) => t('certificates.columns.exceptionPrintCount'),
    width: 100,
    align: 'right',
    render: (row) => <span className={row.exceptionPrintCount > 0 ? 'cert-exception-count' : undefined}>{row.exceptionPrintCount}</span>,
  },
];

export const TABLE_MIN_WIDTH = COLUMNS.reduce((sum, column) => sum + (column.width ?? column.minWidth ?? 0), SELECT_COLUMN_WIDTH);

export function cellStyle(column: Column): CSSProperties {
  return column.width !== undefined
    ? { flex: `0 0 ${column.width}px`, justifyContent: column.align === 'right' ? 'flex-end' : column.align }
    : { flex: '1 1 0', minWidth: column.minWidth };
}

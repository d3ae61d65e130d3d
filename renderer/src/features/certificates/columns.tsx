import type { CSSProperties, ReactNode } from 'react';
import { Button } from 'antd';
import type { TFunction } from 'i18next';
import { refusesSelfPrint, type CertificateRow } from '../../../../preload/contract';
import { certTypeLabel } from './certTypes';
import { hasProblem } from './selfPrint';
import { ArchiveStatusTag, LayoutStatusTag, PrintStatusTag, SelfPrintTag } from './StatusTag';

/** What a cell may need beyond its row. */
export interface CellContext {
  t: TFunction;
  /** Opens 查看解决办法 for the row. */
  onSolution: (row: CertificateRow) => void;
}

export interface Column {
  /** A field of the row, or 'solution' for the 查看解决办法 link. */
  key: Exclude<keyof CertificateRow, 'certificateId'> | 'solution';
  title: (t: TFunction) => string;
  /** Fixed width in px; the one column without it takes the remaining space. */
  width?: number;
  minWidth?: number;
  align?: 'center' | 'right';
  render: (row: CertificateRow, context: CellContext) => ReactNode;
}

export const SELECT_COLUMN_WIDTH = 44;

export const COLUMNS: readonly Column[] = [
  { key: 'number', title: (t) => t('certificates.columns.number'), width: 170, render: (row) => <span className="cert-number">{row.number}</span> },
  { key: 'type', title: (t) => t('certificates.columns.type'), width: 124, render: (row, { t }) => certTypeLabel(row.type, t) },
  {
    key: 'applicant',
    title: (t) => t('certificates.columns.applicant'),
    minWidth: 120,
    // The native tooltip of a plain span: antd's measured ellipsis renders hidden copies of
    // the text in every row, the heaviest part of a row while the list scrolls.
    render: (row) => (
      <span className="cert-applicant" title={row.applicant}>
        {row.applicant}
      </span>
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
  {
    // One column for both, so the list still fits a 1366-pixel screen: what the
    // authorizations say (a warning tag) is itself the way to 查看解决办法.
    key: 'solution',
    title: (t) => t('certificates.columns.solution'),
    width: 112,
    render: (row, { t, onSolution }) =>
      hasProblem(row) ? (
        <Button
          type="link"
          size="small"
          className="cert-solution"
          // The row's own click selects it; the link only explains.
          onClick={(event) => {
            event.stopPropagation();
            onSolution(row);
          }}
          data-testid="certificate-solution"
        >
          {refusesSelfPrint(row.selfPrint) ? <SelfPrintTag value={row.selfPrint} /> : t('certificates.solution')}
        </Button>
      ) : null,
  },
];

export const TABLE_MIN_WIDTH = COLUMNS.reduce((sum, column) => sum + (column.width ?? column.minWidth ?? 0), SELECT_COLUMN_WIDTH);

export function cellStyle(column: Column): CSSProperties {
  return column.width !== undefined
    ? { flex: `0 0 ${column.width}px`, justifyContent: column.align === 'right' ? 'flex-end' : column.align }
    : { flex: '1 1 0', minWidth: column.minWidth };
}

import { useCallback, useState } from 'react';
import { Button, Card, Table, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CertificatePage, CertificateRow, ExceptionApplicationView } from '../../../../preload/contract';
import { call } from '../../lib/api';
import { dataAttributes } from '../../lib/testId';
import { useRemoteList, useRemoteValue } from '../../lib/useRemote';
import type { PageParams } from '../../layout/navigation';
import { certTypeLabel } from '../certificates/certTypes';
import { ArchiveStatusTag } from '../certificates/StatusTag';
import { ExceptionApplicationList } from './ExceptionApplicationList';
import { ExceptionApplyModal, type ExceptionTarget } from './ExceptionApplyModal';
import { ExceptionQueryForm, type ExceptionFilter } from './ExceptionQueryForm';

const PAGE_SIZE = 10;
const loadOptions = () => call('exceptions:options');
const loadApplications = () => call('exceptions:list');

/**
 * 打印异常申请 (manual chapter 5): the printed certificates (打印状态 已打印) with their own
 * query area, 异常申请 per certificate, and 异常申请列表. Opened by 否 in the print
 * confirmation, it starts with that certificate found and its application open.
 */
export function PrintExceptionsPage({ target }: { target: PageParams['print-exceptions'] | null }) {
  const { t } = useTranslation();
  const [filter, setFilter] = useState<ExceptionFilter>(target ? { number: target.certificateNumber } : {});
  const [page, setPage] = useState(1);
  const [applying, setApplying] = useState<ExceptionTarget | null>(target);
  const options = useRemoteValue(loadOptions);
  const applications = useRemoteList(loadApplications);

  const loadCertificates = useCallback(
    (): Promise<CertificatePage> =>
      call('certificates:search', { ...filter, printStatus: 'printed', offset: (page - 1) * PAGE_SIZE, limit: PAGE_SIZE }),
    [filter, page],
  );
  const certificates = useRemoteValue(loadCertificates);
  const { reload: reloadApplications } = applications;
  const { reload: reloadCertificates } = certificates;

  const submitted = useCallback(
    (_application: ExceptionApplicationView) => {
      setApplying(null);
      reloadApplications();
      reloadCertificates();
    },
    [reloadApplications, reloadCertificates],
  );

  const columns: TableColumnsType<CertificateRow> = [
    { key: 'number', title: t('exceptions.columns.number'), width: 190, render: (_, row) => row.number },
    { key: 'type', title: t('exceptions.columns.type'), width: 150, ellipsis: true, render: (_, row) => certTypeLabel(row.type, t) },
    { key: 'applicant', title: t('exceptions.columns.applicant'), ellipsis: true, render: (_, row) => row.applicant },
    { key: 'issueDate', title: t('exceptions.columns.issueDate'), width: 110, render: (_, row) => row.issueDate },
    { key: 'archive', title: t('exceptions.columns.archiveStatus'), width: 100, render: (_, row) => <ArchiveStatusTag value={row.archiveStatus} /> },
    {
      key: 'count',
      title: t('exceptions.columns.exceptionPrintCount'),
      width: 110,
      render: (_, row) => <span data-testid="exception-print-count">{row.exceptionPrintCount}</span>,
    },
    {
      key: 'actions',
      title: t('exceptions.columns.actions'),
      width: 110,
      render: (_, row) => (
        <Button
          type="link"
          size="small"
          onClick={() => setApplying({ certificateId: row.certificateId, certificateNumber: row.number })}
          data-testid="exception-apply"
        >
          {t('exceptions.apply')}
        </Button>
      ),
    },
  ];

  return (
    <div className="exceptions-page" data-testid="print-exceptions">
      <Card size="small" title={t('exceptions.certificatesTitle')}>
        <ExceptionQueryForm
          initialNumber={target?.certificateNumber}
          onSearch={(next) => {
            setFilter(next);
            setPage(1);
            reloadCertificates();
          }}
        />
        <Table<CertificateRow>
          size="small"
          rowKey="certificateId"
          columns={columns}
          dataSource={certificates.value?.rows ?? []}
          loading={certificates.loading}
          pagination={{ current: page, pageSize: PAGE_SIZE, total: certificates.value?.total ?? 0, showSizeChanger: false, onChange: setPage }}
          locale={{ emptyText: t('exceptions.empty') }}
          onRow={(row) => ({
            ...dataAttributes({ testid: 'exception-certificate-row', 'certificate-number': row.number, 'archive-status': row.archiveStatus }),
          })}
          data-testid="exception-certificate-table"
        />
      </Card>
      <ExceptionApplicationList applications={applications} />
      <ExceptionApplyModal target={applying} options={options.value} onClose={() => setApplying(null)} onSubmitted={submitted} />
    </div>
  );
}

import { useEffect } from 'react';
import { Button, Card, Table, Typography, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ExceptionApplicationView } from '../../../../preload/contract';
import { dataAttributes } from '../../lib/testId';
import { dateTime } from '../../lib/time';
import type { RemoteList } from '../../lib/useRemote';
import { ExceptionStatusTag, printUse } from './ExceptionStatusTag';

/** The customs side decides within minutes: while one is 审核中 the list asks again this often. */
const PENDING_POLL_MS = 3_000;

/** 异常申请列表 (manual 5.2): each application's review state, and whether its print was used. */
export function ExceptionApplicationList({ applications }: { applications: RemoteList<ExceptionApplicationView> }) {
  const { t } = useTranslation();
  const { rows, reload, loading } = applications;
  const anyPending = rows.some((row) => row.status === 'pending');

  useEffect(() => {
    if (!anyPending) return;
    const timer = setInterval(reload, PENDING_POLL_MS);
    return () => clearInterval(timer);
  }, [anyPending, reload]);

  const columns: TableColumnsType<ExceptionApplicationView> = [
    { key: 'number', title: t('exceptions.columns.number'), width: 190, render: (_, row) => row.certificateNumber },
    { key: 'reason', title: t('exceptions.columns.reason'), ellipsis: true, render: (_, row) => row.reason },
    { key: 'operation', title: t('exceptions.columns.operation'), width: 140, render: (_, row) => row.operation },
    { key: 'submittedAt', title: t('exceptions.columns.submittedAt'), width: 170, render: (_, row) => dateTime(row.submittedAt) },
    {
      key: 'status',
      title: t('exceptions.columns.status'),
      width: 260,
      render: (_, row) => (
        <>
          <ExceptionStatusTag value={row.status} />
          {row.status === 'rejected' && row.reviewMessage && <Typography.Text type="secondary">{row.reviewMessage}</Typography.Text>}
        </>
      ),
    },
    { key: 'print', title: t('exceptions.columns.printUsed'), width: 100, render: (_, row) => t(`exceptions.print.${printUse(row)}`) },
  ];

  return (
    <Card
      size="small"
      title={t('exceptions.listTitle')}
      extra={
        <Button onClick={reload} loading={loading} data-testid="exception-list-refresh">
          {t('common.refresh')}
        </Button>
      }
    >
      <Table<ExceptionApplicationView>
        size="small"
        rowKey="applicationId"
        columns={columns}
        dataSource={rows}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        locale={{ emptyText: t('exceptions.listEmpty') }}
        onRow={(row) => ({
          ...dataAttributes({
            testid: 'exception-application-row',
            'certificate-number': row.certificateNumber,
            status: row.status,
            'print-use': printUse(row),
            'print-counted': row.printCounted,
          }),
        })}
        data-testid="exception-application-table"
      />
    </Card>
  );
}

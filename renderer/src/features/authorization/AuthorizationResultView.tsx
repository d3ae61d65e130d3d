import { Alert, Button, Card, Space, Table, Typography, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AuthorizationState, Receipt, ScanKind } from '../../../../preload/contract';
import { dataAttributes } from '../../lib/testId';
import { dateTime } from '../../lib/time';
import { ReceiptStatusTag } from './ReceiptStatusTag';

interface ReceiptRow {
  kind: ScanKind;
  name: string;
  receipt: Receipt;
}

interface Props {
  /** undefined until 'authorization:state' first answers. */
  state: AuthorizationState | undefined;
  loading: boolean;
  onRefresh: () => void;
  onBack: () => void;
}

/** What the receipts mean for printing (PRODUCT §2 row 5): from when, and what to do if not. */
function Consequences({ state, rows }: { state: AuthorizationState; rows: ReceiptRow[] }) {
  const { t } = useTranslation();
  const since = state.selfPrintSince;
  return (
    <div className="auth-consequences">
      <Alert
        type={since ? 'success' : 'warning'}
        showIcon
        title={since ? t('authorization.resultView.selfPrintSince', { time: dateTime(since) }) : t('authorization.resultView.noSelfPrint')}
        data-testid="auth-self-print-since"
        data-value={since ?? ''}
      />
      {rows.some((row) => row.receipt.status === 'failed') && (
        <Alert type="error" showIcon title={t('authorization.resultView.failed')} data-testid="auth-result-failed" />
      )}
      {rows.some((row) => row.receipt.status === 'pending') && (
        <Alert type="info" showIcon title={t('authorization.resultView.pending')} data-testid="auth-result-pending" />
      )}
    </div>
  );
}

/** 授权结果 (manual 3.1): the receipts of the enterprise's latest authorization, with 刷新 and 返回. */
export function AuthorizationResultView({ state, loading, onRefresh, onBack }: Props) {
  const { t } = useTranslation();
  const latest = state?.latest ?? null;
  const rows: ReceiptRow[] = latest
    ? [
        { kind: 'seal', name: latest.sealName, receipt: latest.sealReceipt },
        { kind: 'signature', name: latest.signatureName, receipt: latest.signatureReceipt },
      ]
    : [];

  const columns: TableColumnsType<ReceiptRow> = [
    { key: 'kind', title: t('authorization.resultView.columns.kind'), width: 80, render: (_, row) => t(`authorization.resultView.kinds.${row.kind}`) },
    { key: 'name', title: t('authorization.resultView.columns.name'), dataIndex: 'name', ellipsis: true },
    {
      key: 'status',
      title: t('authorization.resultView.columns.status'),
      width: 110,
      render: (_, row) => <ReceiptStatusTag status={row.receipt.status} />,
    },
    {
      key: 'at',
      title: t('authorization.resultView.columns.at'),
      width: 180,
      render: (_, row) => (row.receipt.at ? dateTime(row.receipt.at) : t('common.unknown')),
    },
    { key: 'message', title: t('authorization.resultView.columns.message'), render: (_, row) => row.receipt.message || t('common.unknown') },
  ];

  return (
    <Card
      title={t('authorization.resultView.title')}
      extra={
        <Space>
          <Button onClick={onRefresh} loading={loading} data-testid="auth-result-refresh">
            {t('authorization.resultView.refresh')}
          </Button>
          <Button onClick={onBack} data-testid="auth-result-back">
            {t('authorization.resultView.back')}
          </Button>
        </Space>
      }
      data-testid="auth-result-view"
    >
      <Typography.Paragraph type="secondary">{t('authorization.resultView.intro')}</Typography.Paragraph>
      {latest && (
        <Typography.Paragraph data-testid="auth-submitted-at">
          {t('authorization.resultView.submittedAt', { time: dateTime(latest.submittedAt) })}
        </Typography.Paragraph>
      )}
      <Table<ReceiptRow>
        size="middle"
        rowKey="kind"
        columns={columns}
        dataSource={rows}
        loading={loading}
        pagination={false}
        locale={{ emptyText: t('authorization.resultView.empty') }}
        onRow={(row) => ({ ...dataAttributes({ testid: 'auth-receipt', kind: row.kind, status: row.receipt.status }) })}
      />
      {state && <Consequences state={state} rows={rows} />}
    </Card>
  );
}

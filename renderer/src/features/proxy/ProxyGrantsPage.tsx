import { useCallback, useState } from 'react';
import { Alert, App, Button, Card, Popconfirm, Space, Table, Typography, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ProxyGrantView } from '../../../../preload/contract';
import { alreadyShown, call } from '../../lib/api';
import { dataAttributes, testId } from '../../lib/testId';
import { dateTime } from '../../lib/time';
import { useRemoteList } from '../../lib/useRemote';
import { EnterpriseCode } from './EnterpriseCode';
import { grantStatus, GrantStatus } from './GrantStatus';
import { NewProxyGrantModal } from './NewProxyGrantModal';

const loadGrants = () => call('proxy:grants');

/** 撤销授权, after asking; only an active grant has it. */
function RevokeButton({ grant, onRevoke }: { grant: ProxyGrantView; onRevoke: (grant: ProxyGrantView) => Promise<void> }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);

  async function run(): Promise<void> {
    setBusy(true);
    try {
      await onRevoke(grant);
    } catch (error) {
      alreadyShown(error);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Popconfirm
      title={t('proxy.revokeConfirm', { name: grant.agent.name })}
      description={t('proxy.revokeConfirmHint')}
      okText={t('common.ok')}
      cancelText={t('common.cancel')}
      okButtonProps={{ danger: true, ...testId('proxy-revoke-confirm') }}
      onConfirm={() => run()}
    >
      <Button type="link" size="small" danger loading={busy} data-testid="proxy-revoke">
        {t('proxy.revoke')}
      </Button>
    </Popconfirm>
  );
}

/** The manual's 小提示 1–4 of 3.2, beside the grants they are about. */
function ProxyTips() {
  const { t } = useTranslation();
  const tips: string[] = t('proxy.tips', { returnObjects: true });
  return (
    <Alert
      type="info"
      showIcon
      className="proxy-tips"
      title={t('proxy.tipsTitle')}
      description={
        <ol className="proxy-tips-list">
          {tips.map((tip) => (
            <li key={tip}>{tip}</li>
          ))}
        </ol>
      }
      data-testid="proxy-tips"
    />
  );
}

/** 代理打印授权 (manual 3.2): the agents this enterprise granted, 新增代理授权 and 撤销授权. */
export function ProxyGrantsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const grants = useRemoteList(loadGrants);
  const [adding, setAdding] = useState(false);
  const { setRows, reload } = grants;

  const revoke = useCallback(
    async (grant: ProxyGrantView) => {
      const updated = await call('proxy:revoke', { grantId: grant.grantId });
      setRows((rows) => rows.map((row) => (row.grantId === updated.grantId ? updated : row)));
      void message.success(t('proxy.revoked'));
    },
    [setRows, message, t],
  );

  const granted = useCallback(() => {
    setAdding(false);
    reload();
  }, [reload]);

  const columns: TableColumnsType<ProxyGrantView> = [
    { key: 'name', title: t('proxy.columns.name'), ellipsis: true, render: (_, grant) => grant.agent.name },
    { key: 'code', title: t('proxy.columns.code'), width: 220, render: (_, grant) => <EnterpriseCode enterprise={grant.agent} /> },
    { key: 'grantedAt', title: t('proxy.columns.grantedAt'), width: 170, render: (_, grant) => dateTime(grant.grantedAt) },
    { key: 'status', title: t('proxy.columns.status'), width: 230, render: (_, grant) => <GrantStatus revokedAt={grant.revokedAt} /> },
    {
      key: 'actions',
      title: t('proxy.columns.actions'),
      width: 110,
      render: (_, grant) => (grant.revokedAt === null ? <RevokeButton grant={grant} onRevoke={revoke} /> : null),
    },
  ];

  return (
    <Card
      className="proxy-page"
      title={t('proxy.title')}
      extra={
        <Space>
          <Button onClick={reload} loading={grants.loading} data-testid="proxy-refresh">
            {t('common.refresh')}
          </Button>
          <Button type="primary" onClick={() => setAdding(true)} data-testid="proxy-add">
            {t('proxy.add')}
          </Button>
        </Space>
      }
    >
      <Typography.Paragraph>{t('proxy.intro')}</Typography.Paragraph>
      <ProxyTips />
      <Table<ProxyGrantView>
        size="middle"
        rowKey="grantId"
        columns={columns}
        dataSource={grants.rows}
        loading={grants.loading}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: t('proxy.empty') }}
        onRow={(grant) => ({
          ...dataAttributes({ testid: 'proxy-grant-row', 'agent-code': grant.agent.code, status: grantStatus(grant.revokedAt) }),
        })}
        data-testid="proxy-grant-table"
      />
      <NewProxyGrantModal open={adding} onClose={() => setAdding(false)} onGranted={granted} />
    </Card>
  );
}

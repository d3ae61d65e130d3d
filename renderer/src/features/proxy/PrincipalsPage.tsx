import { useMemo, useState } from 'react';
import { Button, Card, Input, Table, Typography, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import type { PrincipalView } from '../../../../preload/contract';
import { call } from '../../lib/api';
import { dataAttributes } from '../../lib/testId';
import { dateTime } from '../../lib/time';
import { useRemoteList } from '../../lib/useRemote';
import { EnterpriseCode } from './EnterpriseCode';
import { grantStatus, GrantStatus } from './GrantStatus';

const loadPrincipals = () => call('proxy:principals');

/** Name or either code, as a case-insensitive substring. */
function matches(principal: PrincipalView, needle: string): boolean {
  const { name, code, customsCode } = principal.enterprise;
  const wanted = needle.toUpperCase();
  return [name, code, customsCode ?? ''].some((value) => value.toUpperCase().includes(wanted));
}

/**
 * 委托企业列表 (manual 3.2): the principals that granted this enterprise proxy printing. The
 * list is one enterprise's principals (hundreds at most), so the filter runs here.
 */
export function PrincipalsPage() {
  const { t } = useTranslation();
  const principals = useRemoteList(loadPrincipals);
  const [filter, setFilter] = useState('');
  const needle = filter.trim();
  const rows = useMemo(() => principals.rows.filter((principal) => matches(principal, needle)), [principals.rows, needle]);

  const columns: TableColumnsType<PrincipalView> = [
    { key: 'name', title: t('principals.columns.name'), ellipsis: true, render: (_, row) => row.enterprise.name },
    { key: 'code', title: t('principals.columns.code'), width: 220, render: (_, row) => <EnterpriseCode enterprise={row.enterprise} /> },
    { key: 'grantedAt', title: t('principals.columns.grantedAt'), width: 170, render: (_, row) => dateTime(row.grantedAt) },
    { key: 'status', title: t('principals.columns.status'), width: 230, render: (_, row) => <GrantStatus revokedAt={row.revokedAt} /> },
    {
      key: 'authorization',
      title: t('principals.columns.authorization'),
      width: 260,
      render: (_, row) =>
        row.selfPrintSince ? (
          t('principals.selfPrintSince', { time: dateTime(row.selfPrintSince) })
        ) : (
          <Typography.Text type="warning">{t('principals.notAuthorized')}</Typography.Text>
        ),
    },
  ];

  return (
    <Card
      className="principals-page"
      title={t('principals.title')}
      extra={
        <Button onClick={principals.reload} loading={principals.loading} data-testid="principals-refresh">
          {t('common.refresh')}
        </Button>
      }
    >
      <Typography.Paragraph>{t('principals.intro')}</Typography.Paragraph>
      <Input
        className="principals-filter"
        allowClear
        value={filter}
        onChange={(event) => setFilter(event.target.value)}
        placeholder={t('principals.filter')}
        aria-label={t('principals.filter')}
        maxLength={100}
        data-testid="principals-filter"
      />
      <Table<PrincipalView>
        size="middle"
        rowKey={(row) => row.enterprise.code}
        columns={columns}
        dataSource={rows}
        loading={principals.loading}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: principals.rows.length === 0 ? t('principals.empty') : t('principals.noMatch') }}
        onRow={(row) => ({ ...dataAttributes({ testid: 'principal-row', code: row.enterprise.code, status: grantStatus(row.revokedAt) }) })}
        data-testid="principal-table"
      />
    </Card>
  );
}

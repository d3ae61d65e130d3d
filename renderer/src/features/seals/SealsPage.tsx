import { useCallback, useState } from 'react';
import { App, Table, type TableColumnsType } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { SealView } from '../../../../preload/contract';
import { call } from '../../lib/api';
import { dataAttributes } from '../../lib/testId';
import { MarkActions } from './MarkActions';
import { MarkListCard } from './MarkListCard';
import { MarkStatusTag } from './MarkStatusTag';
import { MarkThumbnail } from './MarkThumbnail';
import { NewSealView } from './NewSealView';
import { useRemoteList } from '../../lib/useRemote';

const loadSeals = () => call('seals:list');
const DAY = 'YYYY-MM-DD';

/** 印章制作 (manual 2.1): the enterprise's seals, and 新增印章. */
export function SealsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const seals = useRemoteList(loadSeals);
  const [adding, setAdding] = useState(false);
  const { setRows, reload } = seals;

  const saved = useCallback(() => {
    setAdding(false);
    reload();
  }, [reload]);

  async function disable(seal: SealView): Promise<void> {
    const updated = await call('seals:disable', { sealId: seal.sealId });
    setRows((rows) => rows.map((row) => (row.sealId === updated.sealId ? updated : row)));
    void message.success(t('seals.disabled'));
  }

  async function remove(seal: SealView): Promise<void> {
    await call('seals:delete', { sealId: seal.sealId });
    setRows((rows) => rows.filter((row) => row.sealId !== seal.sealId));
    void message.success(t('seals.deleted'));
  }

  if (adding) return <NewSealView onSaved={saved} onBack={() => setAdding(false)} />;

  const columns: TableColumnsType<SealView> = [
    {
      key: 'image',
      title: t('seals.columns.image'),
      width: 88,
      render: (_, seal) => <MarkThumbnail kind="seal" markId={seal.sealId} name={seal.name} widthMm={seal.widthMm} heightMm={seal.heightMm} />,
    },
    { key: 'name', title: t('seals.columns.name'), dataIndex: 'name', ellipsis: true },
    { key: 'operator', title: t('seals.columns.operator'), dataIndex: 'operatorName', width: 120 },
    {
      key: 'validity',
      title: t('seals.columns.validity'),
      width: 210,
      render: (_, seal) => t('seals.validityRange', { from: dayjs(seal.validFrom).format(DAY), to: dayjs(seal.validTo).format(DAY) }),
    },
    { key: 'shape', title: t('seals.columns.shape'), width: 80, render: (_, seal) => t(`marks.shapes.${seal.shape}`) },
    { key: 'color', title: t('seals.columns.color'), width: 70, render: (_, seal) => t(`marks.colors.${seal.color}`) },
    {
      key: 'size',
      title: t('marks.columns.size'),
      width: 100,
      render: (_, seal) => t('marks.sizeMm', { width: seal.widthMm, height: seal.heightMm }),
    },
    { key: 'status', title: t('marks.columns.status'), width: 80, render: (_, seal) => <MarkStatusTag status={seal.status} /> },
    {
      key: 'createdAt',
      title: t('marks.columns.createdAt'),
      width: 160,
      render: (_, seal) => dayjs(seal.createdAt).format('YYYY-MM-DD HH:mm'),
    },
    {
      key: 'actions',
      title: t('marks.columns.actions'),
      width: 110,
      render: (_, seal) => (
        <MarkActions
          status={seal.status}
          texts={{
            disable: t('seals.disable'),
            disableConfirm: t('seals.disableConfirm', { name: seal.name }),
            disableConfirmHint: t('seals.disableConfirmHint'),
            delete: t('seals.delete'),
            deleteConfirm: t('seals.deleteConfirm', { name: seal.name }),
            deleteConfirmHint: t('seals.deleteConfirmHint'),
          }}
          onDisable={() => disable(seal)}
          onDelete={() => remove(seal)}
        />
      ),
    },
  ];

  return (
    <MarkListCard
      title={t('seals.title')}
      hint={t('seals.replaceHint')}
      addLabel={t('seals.add')}
      addTestId="seal-add"
      loading={seals.loading}
      onAdd={() => setAdding(true)}
      onRefresh={reload}
    >
      <Table<SealView>
        size="middle"
        rowKey="sealId"
        columns={columns}
        dataSource={seals.rows}
        loading={seals.loading}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        locale={{ emptyText: t('seals.empty') }}
        onRow={(seal) => ({ ...dataAttributes({ testid: 'seal-row', name: seal.name, status: seal.status, 'seal-id': seal.sealId }) })}
        data-testid="seal-table"
      />
    </MarkListCard>
  );
}

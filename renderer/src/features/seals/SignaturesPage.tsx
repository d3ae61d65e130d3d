import { useCallback, useState } from 'react';
import { App, Table, type TableColumnsType } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { SignatureView } from '../../../../preload/contract';
import { call } from '../../lib/api';
import { dataAttributes } from '../../lib/testId';
import { MarkActions } from './MarkActions';
import { MarkListCard } from './MarkListCard';
import { MarkStatusTag } from './MarkStatusTag';
import { MarkThumbnail } from './MarkThumbnail';
import { NewSignatureView } from './NewSignatureView';
import { useRemoteList } from '../../lib/useRemote';

const loadSignatures = () => call('signatures:list');

/** 签名制作 (manual 2.2): the declarants' signatures, and 新增签名. */
export function SignaturesPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const signatures = useRemoteList(loadSignatures);
  const [adding, setAdding] = useState(false);
  const { setRows, reload } = signatures;

  const saved = useCallback(() => {
    setAdding(false);
    reload();
  }, [reload]);

  async function disable(signature: SignatureView): Promise<void> {
    const updated = await call('signatures:disable', { signatureId: signature.signatureId });
    setRows((rows) => rows.map((row) => (row.signatureId === updated.signatureId ? updated : row)));
    void message.success(t('signatures.disabled'));
  }

  async function remove(signature: SignatureView): Promise<void> {
    await call('signatures:delete', { signatureId: signature.signatureId });
    setRows((rows) => rows.filter((row) => row.signatureId !== signature.signatureId));
    void message.success(t('signatures.deleted'));
  }

  if (adding) return <NewSignatureView onSaved={saved} onBack={() => setAdding(false)} />;

  const columns: TableColumnsType<SignatureView> = [
    {
      key: 'image',
      title: t('signatures.columns.image'),
      width: 88,
      render: (_, row) => <MarkThumbnail kind="signature" markId={row.signatureId} name={row.name} widthMm={row.widthMm} heightMm={row.heightMm} />,
    },
    { key: 'name', title: t('signatures.columns.name'), dataIndex: 'name', ellipsis: true },
    { key: 'declarant', title: t('signatures.columns.declarant'), dataIndex: 'declarantName', width: 140 },
    {
      key: 'size',
      title: t('marks.columns.size'),
      width: 110,
      render: (_, row) => t('marks.sizeMm', { width: row.widthMm, height: row.heightMm }),
    },
    { key: 'status', title: t('marks.columns.status'), width: 90, render: (_, row) => <MarkStatusTag status={row.status} /> },
    {
      key: 'createdAt',
      title: t('marks.columns.createdAt'),
      width: 170,
      render: (_, row) => dayjs(row.createdAt).format('YYYY-MM-DD HH:mm'),
    },
    {
      key: 'actions',
      title: t('marks.columns.actions'),
      width: 120,
      render: (_, row) => (
        <MarkActions
          status={row.status}
          texts={{
            disable: t('signatures.disable'),
            disableConfirm: t('signatures.disableConfirm', { name: row.name }),
            disableConfirmHint: t('signatures.disableConfirmHint'),
            delete: t('signatures.delete'),
            deleteConfirm: t('signatures.deleteConfirm', { name: row.name }),
            deleteConfirmHint: t('signatures.deleteConfirmHint'),
          }}
          onDisable={() => disable(row)}
          onDelete={() => remove(row)}
        />
      ),
    },
  ];

  return (
    <MarkListCard
      title={t('signatures.title')}
      hint={t('signatures.replaceHint')}
      addLabel={t('signatures.add')}
      addTestId="signature-add"
      loading={signatures.loading}
      onAdd={() => setAdding(true)}
      onRefresh={reload}
    >
      <Table<SignatureView>
        size="middle"
        rowKey="signatureId"
        columns={columns}
        dataSource={signatures.rows}
        loading={signatures.loading}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        locale={{ emptyText: t('signatures.empty') }}
        onRow={(row) => ({ ...dataAttributes({ testid: 'signature-row', name: row.name, status: row.status, 'signature-id': row.signatureId }) })}
        data-testid="signature-table"
      />
    </MarkListCard>
  );
}

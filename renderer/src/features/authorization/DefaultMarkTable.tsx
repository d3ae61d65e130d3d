import { useState } from 'react';
import { Button, Table, Tag, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ScanKind, SealView, SignatureView } from '../../../../preload/contract';
import { alreadyShown } from '../../lib/api';
import { dataAttributes } from '../../lib/testId';
import { MarkThumbnail } from '../seals/MarkThumbnail';

/** A seal or a signature as the authorization lists show it. */
export interface MarkRow {
  markId: string;
  name: string;
  /** 印章操作员 of a seal, 申报员 of a signature. */
  person: string;
  widthMm: number;
  heightMm: number;
  isDefault: boolean;
}

export function sealRow(seal: SealView): MarkRow {
  return { markId: seal.sealId, name: seal.name, person: seal.operatorName, widthMm: seal.widthMm, heightMm: seal.heightMm, isDefault: seal.isDefault };
}

export function signatureRow(signature: SignatureView): MarkRow {
  return {
    markId: signature.signatureId,
    name: signature.name,
    person: signature.declarantName,
    widthMm: signature.widthMm,
    heightMm: signature.heightMm,
    isDefault: signature.isDefault,
  };
}

/** 设为默认印章 / 设为默认签名; the default one's button is disabled, as there is nothing to do. */
function SetDefaultButton({ kind, row, onSetDefault }: { kind: ScanKind; row: MarkRow; onSetDefault: (markId: string) => Promise<void> }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);

  async function run(): Promise<void> {
    setBusy(true);
    try {
      await onSetDefault(row.markId);
    } catch (error) {
      alreadyShown(error);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Button type="link" size="small" loading={busy} disabled={row.isDefault} onClick={() => void run()} data-testid="auth-set-default">
      {t(`authorization.setDefault.${kind}`)}
    </Button>
  );
}

interface Props {
  kind: ScanKind;
  rows: MarkRow[];
  loading: boolean;
  onSetDefault: (markId: string) => Promise<void>;
}

/** One of the two lists of 印章签名授权 (manual 3.1), with the 操作 column on the right. */
export function DefaultMarkTable({ kind, rows, loading, onSetDefault }: Props) {
  const { t } = useTranslation();
  const seal = kind === 'seal';

  const columns: TableColumnsType<MarkRow> = [
    {
      key: 'image',
      title: t('authorization.columns.image'),
      width: 88,
      render: (_, row) => <MarkThumbnail kind={kind} markId={row.markId} name={row.name} widthMm={row.widthMm} heightMm={row.heightMm} />,
    },
    {
      key: 'name',
      title: seal ? t('authorization.columns.sealName') : t('authorization.columns.signatureName'),
      ellipsis: true,
      render: (_, row) => (
        <>
          {row.name}
          {row.isDefault && (
            <Tag color="blue" className="auth-default-tag" data-testid="auth-default-tag">
              {t('authorization.defaultTag')}
            </Tag>
          )}
        </>
      ),
    },
    { key: 'person', title: seal ? t('authorization.columns.operator') : t('authorization.columns.declarant'), dataIndex: 'person', width: 140 },
    {
      key: 'size',
      title: t('authorization.columns.size'),
      width: 110,
      render: (_, row) => t('marks.sizeMm', { width: row.widthMm, height: row.heightMm }),
    },
    {
      key: 'actions',
      title: t('authorization.columns.actions'),
      width: 130,
      render: (_, row) => <SetDefaultButton kind={kind} row={row} onSetDefault={onSetDefault} />,
    },
  ];

  return (
    <Table<MarkRow>
      size="middle"
      rowKey="markId"
      columns={columns}
      dataSource={rows}
      loading={loading}
      pagination={false}
      locale={{ emptyText: seal ? t('authorization.sealsEmpty') : t('authorization.signaturesEmpty') }}
      onRow={(row) => ({
        ...dataAttributes({ testid: seal ? 'auth-seal-row' : 'auth-signature-row', 'mark-id': row.markId, default: row.isDefault }),
      })}
      data-testid={seal ? 'auth-seal-table' : 'auth-signature-table'}
    />
  );
}

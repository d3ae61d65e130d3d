import { useState } from 'react';
import { Button, Popconfirm, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import type { MarkStatus } from '../../../../preload/contract';
import { alreadyShown } from '../../lib/api';
import { testId } from '../../lib/testId';

export interface MarkActionTexts {
  disable: string;
  disableConfirm: string;
  disableConfirmHint: string;
  delete: string;
  deleteConfirm: string;
  deleteConfirmHint: string;
}

interface Props {
  status: MarkStatus;
  texts: MarkActionTexts;
  onDisable: () => Promise<void>;
  onDelete: () => Promise<void>;
}

/**
 * 停用 / 删除 for one row, in the manual's order: an active mark can only be disabled, a
 * disabled one only deleted. Each asks first; main enforces the same order.
 */
export function MarkActions({ status, texts, onDisable, onDelete }: Props) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);

  async function run(action: () => Promise<void>): Promise<void> {
    setBusy(true);
    try {
      await action();
    } catch (error) {
      alreadyShown(error);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Space size={0}>
      {status === 'active' ? (
        <Popconfirm
          title={texts.disableConfirm}
          description={texts.disableConfirmHint}
          okText={t('marks.confirmOk')}
          cancelText={t('marks.confirmCancel')}
          okButtonProps={{ ...testId('mark-disable-confirm') }}
          onConfirm={() => run(onDisable)}
        >
          <Button type="link" size="small" loading={busy} data-testid="mark-disable">
            {texts.disable}
          </Button>
        </Popconfirm>
      ) : (
        <Popconfirm
          title={texts.deleteConfirm}
          description={texts.deleteConfirmHint}
          okText={t('marks.confirmOk')}
          cancelText={t('marks.confirmCancel')}
          okButtonProps={{ danger: true, ...testId('mark-delete-confirm') }}
          onConfirm={() => run(onDelete)}
        >
          <Button type="link" size="small" danger loading={busy} data-testid="mark-delete">
            {texts.delete}
          </Button>
        </Popconfirm>
      )}
    </Space>
  );
}

import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ReceiptStatus } from '../../../../preload/contract';

const COLORS: Record<ReceiptStatus, string> = { pending: 'processing', received: 'success', failed: 'error' };

/** 回执状态: 处理中 / 接收成功 / 失败 */
export function ReceiptStatusTag({ status }: { status: ReceiptStatus }) {
  const { t } = useTranslation();
  return <Tag color={COLORS[status]}>{t(`authorization.receipt.${status}`)}</Tag>;
}

import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { MarkStatus } from '../../../../preload/contract';

export function MarkStatusTag({ status }: { status: MarkStatus }) {
  const { t } = useTranslation();
  return <Tag color={status === 'active' ? 'success' : 'default'}>{t(`marks.status.${status}`)}</Tag>;
}

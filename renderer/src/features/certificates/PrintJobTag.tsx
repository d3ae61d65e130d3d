import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { PrintJobState } from '../../../../preload/contract';

const COLORS: Record<PrintJobState['state'], string> = {
  queued: 'default',
  reserving: 'processing',
  spooling: 'processing',
  printing: 'processing',
  'awaiting-confirmation': 'warning',
  confirmed: 'success',
  failed: 'error',
};

export function PrintJobTag({ status }: { status: PrintJobState }) {
  const { t } = useTranslation();
  // Cancelled before it was sent anywhere: not a failure the user has to look into.
  if (status.state === 'failed' && status.error.code === 'CANCELLED') return <Tag>{t('batch.cancelledTag')}</Tag>;
  return <Tag color={COLORS[status.state]}>{t(`print.states.${status.state}`)}</Tag>;
}

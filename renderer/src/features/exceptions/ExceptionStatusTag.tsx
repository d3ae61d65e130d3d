import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ExceptionApplicationView, ExceptionStatus } from '../../../../preload/contract';

const COLORS: Record<ExceptionStatus, string> = { pending: 'processing', approved: 'success', rejected: 'error' };

/** 审核中 / 审核通过 / 审核不通过 */
export function ExceptionStatusTag({ value }: { value: ExceptionStatus }) {
  const { t } = useTranslation();
  return <Tag color={COLORS[value]}>{t(`exceptions.status.${value}`)}</Tag>;
}

export type PrintUse = 'unused' | 'used' | 'counted' | 'none';

/** Whether the one original an approval allows has been printed, and the server has counted it. */
export function printUse(application: ExceptionApplicationView): PrintUse {
  if (application.printCounted) return 'counted';
  if (application.printUsed) return 'used';
  return application.status === 'approved' ? 'unused' : 'none';
}

import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { refusesSelfPrint, type ArchiveStatus, type LayoutStatus, type PrintStatus, type SelfPrintStatus } from '../../../../preload/contract';

const LAYOUT_COLORS: Record<LayoutStatus, string> = { generated: 'default', sending: 'processing', received: 'success' };
const ARCHIVE_COLORS: Record<ArchiveStatus, string> = { unarchived: 'blue', archived: 'default' };
const PRINT_COLORS: Record<PrintStatus, string> = { pending: 'orange', printed: 'green' };

export function LayoutStatusTag({ value }: { value: LayoutStatus }) {
  const { t } = useTranslation();
  return <Tag color={LAYOUT_COLORS[value]}>{t(`status.layout.${value}`)}</Tag>;
}

export function ArchiveStatusTag({ value }: { value: ArchiveStatus }) {
  const { t } = useTranslation();
  return <Tag color={ARCHIVE_COLORS[value]}>{t(`status.archive.${value}`)}</Tag>;
}

export function PrintStatusTag({ value }: { value: PrintStatus }) {
  const { t } = useTranslation();
  return <Tag color={PRINT_COLORS[value]}>{t(`status.print.${value}`)}</Tag>;
}

/** A warning only where self-print is refused; ok says nothing, and unknown is the server's to decide. */
export function SelfPrintTag({ value }: { value: SelfPrintStatus }) {
  const { t } = useTranslation();
  if (!refusesSelfPrint(value)) return null;
  return (
    <Tag color="warning" data-testid="certificate-self-print" data-status={value}>
      {t(`certificates.selfPrint.${value}`)}
    </Tag>
  );
}

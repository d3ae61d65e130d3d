import { Badge, Button, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CertificateExportQuery, PrintKind } from '../../../../preload/contract';
import { ExportButton } from '../export/ExportButton';
import { usePrintJobs } from './PrintJobsProvider';
import { isActive } from './printJobsReducer';

interface Props {
  total: number | null;
  selectedCount: number;
  onClearSelection: () => void;
  onPreview: () => void;
  onPrint: (kind: PrintKind) => void;
  /** 导出证书 exports what the query area last searched for. */
  exportQuery: CertificateExportQuery;
}

/** The manual's four buttons, in its order, then the count and the print queue. */
export function CertificateToolbar({ total, selectedCount, onClearSelection, onPreview, onPrint, exportQuery }: Props) {
  const { t } = useTranslation();
  const { state, setQueueOpen } = usePrintJobs();
  const none = selectedCount === 0;
  const active = [...state.jobs.values()].filter(isActive).length;

  return (
    <div className="cert-toolbar">
      <Space wrap>
        <Button disabled={none} onClick={onPreview} data-testid="action-preview">
          {t('certificates.actions.preview')}
        </Button>
        <Button type="primary" disabled={none} onClick={() => onPrint('both')} data-testid="action-print-both">
          {t('certificates.actions.printBoth')}
        </Button>
        <Button type="primary" disabled={none} onClick={() => onPrint('original')} data-testid="action-print-original">
          {t('certificates.actions.printOriginal')}
        </Button>
        <Button type="primary" disabled={none} onClick={() => onPrint('copy')} data-testid="action-print-copy">
          {t('certificates.actions.printCopy')}
        </Button>
        <ExportButton query={exportQuery} />
      </Space>
      <Space size={16} className="cert-toolbar-right">
        {selectedCount > 0 && (
          <span data-testid="certificate-selected-count" data-count={selectedCount}>
            {t('certificates.selected', { count: selectedCount })}
            <Button type="link" size="small" onClick={onClearSelection}>
              {t('certificates.clearSelection')}
            </Button>
          </span>
        )}
        <Typography.Text type="secondary" data-testid="certificate-total" data-total={total ?? ''}>
          {t('certificates.total', { total: (total ?? 0).toLocaleString() })}
        </Typography.Text>
        <Badge count={active} size="small">
          <Button onClick={() => setQueueOpen(true)} data-testid="action-print-queue">
            {t('certificates.actions.printQueue')}
          </Button>
        </Badge>
      </Space>
    </div>
  );
}

import { useCallback, useMemo, useState } from 'react';
import { Alert, Card } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CertificateRow, PrintJobView, PrintKind } from '../../../../preload/contract';
import { useSync } from '../sync/SyncProvider';
import { CertificateTable } from './CertificateTable';
import { CertificateToolbar } from './CertificateToolbar';
import { DiagnosisModal } from './DiagnosisModal';
import { NotFoundModal } from './NotFoundModal';
import { PreviewModal } from './PreviewModal';
import { PrintDialog } from './PrintDialog';
import { usePrintJobs } from './PrintJobsProvider';
import { QueryForm } from './QueryForm';
import { useCertificateWindow, type CertificateFilter } from './useCertificateWindow';
import { useSelection } from './useSelection';

/** 证书打印: 证书展示 (query and list) with the print buttons. */
export function CertificatesPage() {
  const { t } = useTranslation();
  const [filter, setFilter] = useState<CertificateFilter>({});
  const [searchId, setSearchId] = useState(0);
  const { completedRuns } = useSync();
  const { state: printJobs, addBatch, setQueueOpen } = usePrintJobs();
  // Print confirmations and finished syncs change statuses: reload the current list in place.
  const view = useCertificateWindow(filter, searchId, completedRuns + printJobs.listVersion);
  const selection = useSelection();
  const [printKind, setPrintKind] = useState<PrintKind | null>(null);
  const [previewOpen, setPreviewOpen] = useState(false);
  const [diagnosed, setDiagnosed] = useState<CertificateRow | null>(null);
  const [notFoundOpen, setNotFoundOpen] = useState(false);
  const openNotFound = useCallback(() => setNotFoundOpen(true), []);
  // Enter on the list's focused row previews that one certificate, whatever is selected.
  const [keyboardPreview, setKeyboardPreview] = useState<CertificateRow | null>(null);
  const previewed = useMemo(() => (keyboardPreview ? [keyboardPreview] : selection.rows), [keyboardPreview, selection.rows]);

  const { clear } = selection;
  const search = useCallback(
    (next: CertificateFilter) => {
      setFilter(next);
      setSearchId((id) => id + 1);
      clear();
    },
    [clear],
  );

  const started = useCallback(
    (jobs: PrintJobView[]) => {
      addBatch(jobs);
      setPrintKind(null);
      clear();
      setQueueOpen(true);
    },
    [addBatch, clear, setQueueOpen],
  );

  return (
    <div className="cert-page">
      <Card size="small" className="cert-query-card">
        <QueryForm onSearch={search} />
      </Card>
      <Card size="small" className="cert-list-card" styles={{ body: { display: 'flex', flexDirection: 'column', flex: 1, minHeight: 0, gap: 12 } }}>
        <Alert type="info" showIcon title={t('certificates.tip')} className="cert-tip" />
        <CertificateToolbar
          total={view.total}
          selectedCount={selection.selected.size}
          onClearSelection={clear}
          onPreview={() => setPreviewOpen(true)}
          onPrint={setPrintKind}
          exportQuery={filter}
        />
        <CertificateTable
          view={view}
          selected={selection.selected}
          onSelect={selection.select}
          onSolution={setDiagnosed}
          // The manual: a certificate number that finds nothing gets 查看解决办法.
          onNotFoundHelp={filter.number ? openNotFound : undefined}
          onOpen={setKeyboardPreview}
        />
      </Card>
      <PrintDialog kind={printKind} certificates={selection.rows} onClose={() => setPrintKind(null)} onStarted={started} />
      <PreviewModal
        open={previewOpen || keyboardPreview !== null}
        certificates={previewed}
        onClose={() => {
          setPreviewOpen(false);
          setKeyboardPreview(null);
        }}
      />
      <DiagnosisModal certificate={diagnosed} onClose={() => setDiagnosed(null)} />
      <NotFoundModal open={notFoundOpen} onClose={() => setNotFoundOpen(false)} />
    </div>
  );
}

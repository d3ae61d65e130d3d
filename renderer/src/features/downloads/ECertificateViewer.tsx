import { useEffect, useState } from 'react';
import { Alert, App, Button, Modal, Space, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import type { DownloadRow } from '../../../../preload/contract';
import { alreadyShown, call, invoke } from '../../lib/api';
import { renderPdf } from '../certificates/pdfRender';

const PAGE_WIDTH = 760;

type Phase = 'loading' | 'rendering' | 'ready' | 'damaged' | 'failed';

interface Props {
  row: DownloadRow | null;
  onClose: () => void;
  /** 重新下载, offered when the kept file failed its check. */
  onRedownload: (row: DownloadRow) => void;
}

/** 查看 a kept e-version: drawn by the same pdf.js rendering as 预览/下载副本, from the cache, online or offline. */
export function ECertificateViewer({ row, onClose, onRedownload }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [phase, setPhase] = useState<Phase>('loading');
  const [problem, setProblem] = useState('');
  const [pageCount, setPageCount] = useState(0);
  const [saving, setSaving] = useState(false);
  // A callback ref in state: the modal mounts its body after this component's first commit.
  const [container, setContainer] = useState<HTMLDivElement | null>(null);
  const certificateId = row?.certificateId;

  useEffect(() => {
    if (!certificateId || !container) return;
    const controller = new AbortController();
    setPhase('loading');
    setPageCount(0);
    container.replaceChildren();
    // invoke, not call: a damaged file is shown here with its remedy rather than as a toast.
    void invoke('downloads:open', { certificateId }).then(async (result) => {
      if (controller.signal.aborted) return;
      if (!result.ok) {
        setProblem(result.error.message);
        setPhase(result.error.code === 'LAYOUT_CORRUPT' ? 'damaged' : 'failed');
        return;
      }
      setPhase('rendering');
      try {
        setPageCount(await renderPdf(result.value.pdf, container, PAGE_WIDTH, controller.signal));
        setPhase('ready');
      } catch (error) {
        if (controller.signal.aborted) return;
        console.error('[downloads] rendering failed', error);
        setProblem(t('downloads.viewer.renderFailed'));
        setPhase('failed');
      }
    });
    return () => controller.abort();
  }, [certificateId, container, t]);

  async function save(): Promise<void> {
    if (!certificateId) return;
    setSaving(true);
    try {
      const saved = await call('downloads:save', { certificateId });
      // null: the user closed the save dialog; nothing to say.
      if (saved) void message.success(t('downloads.savedTo', { path: saved.savedTo }));
    } catch (error) {
      alreadyShown(error);
    } finally {
      setSaving(false);
    }
  }

  return (
    <Modal
      open={row !== null}
      title={t('downloads.viewer.title', { number: row?.number ?? '' })}
      width={PAGE_WIDTH + 80}
      onCancel={onClose}
      centered
      destroyOnHidden
      footer={
        <Space>
          <Button onClick={onClose} data-testid="e-viewer-close">
            {t('common.close')}
          </Button>
          <Button type="primary" loading={saving} disabled={phase !== 'ready'} onClick={() => void save()} data-testid="e-viewer-save">
            {t('downloads.actions.save')}
          </Button>
        </Space>
      }
    >
      <div className="preview" data-testid="e-viewer" data-state={phase} data-page-count={pageCount} data-certificate-number={row?.number ?? ''}>
        <div className="preview-scroll">
          {(phase === 'loading' || phase === 'rendering') && <Spin className="preview-spin" description={t('downloads.viewer.loading')} />}
          {phase === 'damaged' && row && (
            <Alert
              type="error"
              showIcon
              title={problem}
              action={
                <Button danger size="small" onClick={() => onRedownload(row)} data-testid="e-viewer-redownload">
                  {t('downloads.actions.redownload')}
                </Button>
              }
              data-testid="e-viewer-damaged"
            />
          )}
          {phase === 'failed' && <Alert type="error" showIcon title={problem} />}
          {/* Filled by pdf.js only; React renders nothing inside it. */}
          <div ref={setContainer} className="preview-pages" />
        </div>
      </div>
    </Modal>
  );
}

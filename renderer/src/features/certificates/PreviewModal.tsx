import { useEffect, useState } from 'react';
import { Alert, App, Button, Modal, Select, Space, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CertificateRow, LayoutDocument } from '../../../../preload/contract';
import { alreadyShown, call } from '../../lib/api';
import { renderPdf } from './pdfRender';

const PAGE_WIDTH = 760;

type Phase = 'loading' | 'rendering' | 'ready' | 'failed';

interface Props {
  open: boolean;
  certificates: readonly CertificateRow[];
  onClose: () => void;
}

/** 预览/下载副本: the copy's layout drawn page by page, and 下载副本 to save it. */
export function PreviewModal({ open, certificates, onClose }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [certificateId, setCertificateId] = useState<string | undefined>(undefined);
  const [phase, setPhase] = useState<Phase>('loading');
  const [pageCount, setPageCount] = useState(0);
  const [saving, setSaving] = useState(false);
  // A callback ref in state: the modal mounts its body after this component's first commit.
  const [container, setContainer] = useState<HTMLDivElement | null>(null);

  // Each opening starts with the first selected certificate.
  useEffect(() => {
    if (open) setCertificateId(certificates[0]?.certificateId);
  }, [open, certificates]);

  useEffect(() => {
    if (!open || !certificateId || !container) return;
    const controller = new AbortController();
    setPhase('loading');
    setPageCount(0);
    container.replaceChildren();
    call('certificates:layout', { certificateId, kind: 'copy' })
      .then((document: LayoutDocument) => {
        if (controller.signal.aborted) return;
        setPhase('rendering');
        return renderPdf(document.pdf, container, PAGE_WIDTH, controller.signal).then((count) => {
          setPageCount(count);
          setPhase('ready');
        });
      })
      .catch((error: unknown) => {
        if (controller.signal.aborted) return;
        alreadyShown(error);
        setPhase('failed');
      });
    return () => controller.abort();
  }, [open, certificateId, container]);

  async function save(): Promise<void> {
    if (!certificateId) return;
    setSaving(true);
    try {
      const saved = await call('certificates:saveCopy', { certificateId });
      // null: the user closed the save dialog; nothing to say.
      if (saved) void message.success(t('preview.savedTo', { path: saved.savedTo }));
    } catch (error) {
      alreadyShown(error);
    } finally {
      setSaving(false);
    }
  }

  const current = certificates.find((row) => row.certificateId === certificateId);

  return (
    <Modal
      open={open}
      title={t('preview.title')}
      width={PAGE_WIDTH + 80}
      onCancel={onClose}
      centered
      destroyOnHidden
      footer={
        <Space>
          <Button onClick={onClose} data-testid="preview-close">
            {t('preview.close')}
          </Button>
          <Button type="primary" loading={saving} disabled={!certificateId} onClick={() => void save()} data-testid="preview-download">
            {t('preview.download')}
          </Button>
        </Space>
      }
    >
      <div className="preview" data-testid="preview" data-state={phase} data-page-count={pageCount} data-certificate-number={current?.number ?? ''}>
        {certificates.length > 1 && (
          <Select<string>
            className="preview-select"
            value={certificateId}
            onChange={setCertificateId}
            prefix={t('preview.certificate')}
            options={certificates.map((row) => ({ value: row.certificateId, label: row.number }))}
          />
        )}
        <div className="preview-scroll">
          {(phase === 'loading' || phase === 'rendering') && (
            <Spin className="preview-spin" description={phase === 'loading' ? t('preview.loading') : t('preview.rendering')} />
          )}
          {phase === 'failed' && <Alert type="error" showIcon title={t('preview.failed')} />}
          {/* Filled by pdf.js only; React renders nothing inside it. */}
          <div ref={setContainer} className="preview-pages" />
        </div>
      </div>
    </Modal>
  );
}

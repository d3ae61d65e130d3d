import { useEffect, useRef, useState } from 'react';
import { App, Button, Modal, Progress, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CertificateExportQuery, ExportState } from '../../../../preload/contract';
import { alreadyShown, call, invoke } from '../../lib/api';
import { errorText } from '../../lib/errors';
import { useFollowedValue } from '../../lib/useFollowedState';

/**
 * 导出证书: exports every row of the query the list shows (not only its page). While it
 * runs, a progress dialog with 取消; its end is told once, by a message.
 */
export function ExportButton({ query }: { query: CertificateExportQuery }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const state = useFollowedValue('export:state');
  const [asking, setAsking] = useState(false);
  // Only an end this page saw running is announced, not the last one of an earlier visit.
  const seenRunning = useRef<string | null>(null);

  useEffect(() => {
    if (!state) return;
    if (state.state === 'running') {
      seenRunning.current = state.exportId;
      return;
    }
    if (state.state === 'idle' || seenRunning.current !== state.exportId) return;
    seenRunning.current = null;
    announce(state);
  }, [state]);

  function announce(end: Exclude<ExportState, { state: 'idle' | 'running' }>): void {
    switch (end.state) {
      case 'done':
        void message.success({
          content: <span data-testid="export-done">{t('exports.done', { rows: end.rows.toLocaleString(), path: end.path })}</span>,
          duration: 8,
        });
        return;
      case 'cancelled':
        void message.info({ content: <span data-testid="export-cancelled">{t('exports.cancelled')}</span> });
        return;
      case 'failed':
        void message.error({ content: <span data-testid="export-failed">{errorText(end.error)}</span>, duration: 10 });
        return;
    }
  }

  const start = () => {
    setAsking(true);
    call('export:start', query)
      .catch(alreadyShown)
      .finally(() => setAsking(false));
  };

  const running = state?.state === 'running' ? state : null;
  const percent = running && running.total > 0 ? Math.floor((running.written / running.total) * 100) : 0;

  return (
    <>
      <Button onClick={start} loading={asking} disabled={running !== null} data-testid="action-export">
        {t('exports.action')}
      </Button>
      <Modal
        open={running !== null}
        title={t('exports.title')}
        closable={false}
        mask={{ closable: false }}
        footer={
          <Button onClick={() => void invoke('export:cancel')} data-testid="export-cancel">
            {t('exports.cancel')}
          </Button>
        }
      >
        <div data-testid="export-progress">
          <Progress percent={percent} status="active" />
          <Typography.Text type="secondary" data-testid="export-progress-text" data-written={running?.written ?? 0} data-total={running?.total ?? 0}>
          {running && running.total > 0
            ? t('exports.progress', { fileName: running.fileName, written: running.written.toLocaleString(), total: running.total.toLocaleString() })
            : t('exports.preparing')}
          </Typography.Text>
        </div>
      </Modal>
    </>
  );
}

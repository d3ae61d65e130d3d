import { useState } from 'react';
import { App, Button } from 'antd';
import { useTranslation } from 'react-i18next';
import type { FaqRefresh } from '../../../../preload/contract';
import { invoke } from '../../lib/api';
import { errorText } from '../../lib/errors';

/**
 * 下载最新的常见问题及解答 (manual chapter 7), on 使用说明 and on the FAQ page. A failure
 * (offline, refused content) is a warning, not an error: the copy shown stays readable.
 */
export function FaqDownloadButton({ onDownloaded, primary }: { onDownloaded: (refresh: FaqRefresh) => void; primary?: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);

  async function download(): Promise<void> {
    setBusy(true);
    const result = await invoke('help:refreshFaq');
    setBusy(false);
    if (!result.ok) {
      void message.warning({ content: errorText(result.error), className: 'faq-download-failed' });
      return;
    }
    const { changed, view } = result.value;
    void (changed ? message.success(t('faq.updated', { version: view.document.version })) : message.info(t('faq.upToDate')));
    onDownloaded(result.value);
  }

  return (
    <Button type={primary ? 'primary' : 'default'} loading={busy} onClick={() => void download()} data-testid="faq-download">
      {t('faq.download')}
    </Button>
  );
}

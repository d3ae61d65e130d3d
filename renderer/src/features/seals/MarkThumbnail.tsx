import { useState } from 'react';
import { Button, Modal, Spin, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ScanKind } from '../../../../preload/contract';
import { MarkPreview } from './MarkPreview';
import { useMarkImage } from './useMarkImage';

interface Props {
  kind: ScanKind;
  markId: string;
  name: string;
  widthMm: number;
  heightMm: number;
}

/** A list row's small picture; clicking it shows the mark at true size on the declaration box. */
export function MarkThumbnail({ kind, markId, name, widthMm, heightMm }: Props) {
  const { t } = useTranslation();
  const image = useMarkImage(kind, markId);
  const [open, setOpen] = useState(false);

  if (image.failed) return <Typography.Text type="secondary">{t('marks.thumbnailFailed')}</Typography.Text>;
  if (!image.url) return <Spin size="small" />;
  return (
    <>
      <button
        type="button"
        className="mark-thumbnail"
        onClick={() => setOpen(true)}
        aria-label={t('marks.thumbnailOpen', { name })}
        title={t('marks.thumbnailOpen', { name })}
        data-testid="mark-thumbnail"
      >
        <img src={image.url} alt="" draggable={false} />
      </button>
      <Modal
        open={open}
        title={name}
        onCancel={() => setOpen(false)}
        footer={
          <Button onClick={() => setOpen(false)} data-testid="mark-preview-close">
            {t('marks.previewClose')}
          </Button>
        }
        width="auto"
        centered
        destroyOnHidden
      >
        <MarkPreview kind={kind} picture={{ url: image.url, widthCm: widthMm / 10, heightCm: heightMm / 10 }} />
      </Modal>
    </>
  );
}

import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ScanKind } from '../../../../preload/contract';
import { DeclarationBoxMockup } from './DeclarationBoxMockup';
import { TrueSizeMark } from './TrueSizeMark';

export interface MarkPicture {
  url: string;
  widthCm: number;
  heightCm: number;
}

/** A mark at true size on the declaration box, with the note saying so; one view for new and stored marks. */
export function MarkPreview({ kind, picture }: { kind: ScanKind; picture: MarkPicture | null }) {
  const { t } = useTranslation();
  return (
    <figure className="mark-preview" data-testid="mark-preview">
      <div className="mark-preview-stage">
        <DeclarationBoxMockup kind={kind}>
          {picture ? (
            <TrueSizeMark url={picture.url} widthCm={picture.widthCm} heightCm={picture.heightCm} alt={t('scans.markAlt')} />
          ) : (
            <div className={`mark-preview-placeholder mark-preview-placeholder-${kind}`}>{t('scans.previewEmpty')}</div>
          )}
        </DeclarationBoxMockup>
      </div>
      <figcaption className="mark-preview-caption">
        <Typography.Text type="secondary">{t('scans.previewCaption')}</Typography.Text>
        <Typography.Text strong className="mark-preview-true-size" title={t('scans.trueSizeHint')}>
          {t('scans.trueSize')}
        </Typography.Text>
      </figcaption>
    </figure>
  );
}

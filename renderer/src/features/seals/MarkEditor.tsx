import { useState, type ReactNode } from 'react';
import { Alert, Button, Card, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ScanKind } from '../../../../preload/contract';
import { MarkPreview, type MarkPicture } from './MarkPreview';
import { ScanReportView } from './ScanReportView';
import { ScanTipModal } from './ScanTipModal';
import { useObjectUrl } from './useObjectUrl';
import type { ScanState } from './useScanCheck';

export interface ScanTips {
  title: string;
  collectTips: string[];
  specTitle: string;
  specs: string[];
}

interface Props {
  kind: ScanKind;
  title: string;
  tips: ScanTips;
  scan: ScanState;
  /** The form (including the drop zone); the report and the preview go beside it. */
  children: ReactNode;
  saveLabel: string;
  canSave: boolean;
  onSave: () => void;
  onBack: () => void;
}

/** The true-size picture of a checked scan, if main could cut one out. */
function usePicture(scan: ScanState): MarkPicture | null {
  const result = scan.phase === 'checked' ? scan.result : null;
  const url = useObjectUrl(result?.cleanedPng ?? null);
  if (!result || !url || result.widthCm === null || result.heightCm === null) return null;
  return { url, widthCm: result.widthCm, heightCm: result.heightCm };
}

/**
 * 新增印章 / 新增签名: the manual's tip first, then the form beside the check report and the
 * true-size preview, and the save button at the bottom of the page (as the manual says).
 */
export function MarkEditor({ kind, title, tips, scan, children, saveLabel, canSave, onSave, onBack }: Props) {
  const { t } = useTranslation();
  const [tipOpen, setTipOpen] = useState(true);
  const picture = usePicture(scan);

  return (
    <Card
      className="mark-editor"
      title={title}
      extra={
        <Button onClick={onBack} data-testid="mark-back">
          {t('marks.back')}
        </Button>
      }
      data-testid="mark-editor"
      data-kind={kind}
    >
      <Alert
        type="info"
        showIcon
        className="mark-editor-tip"
        title={
          <>
            <Typography.Text strong>{t('scans.tipTitle')}</Typography.Text> {tips.specTitle} {tips.specs.join(' ')}
          </>
        }
      />
      <div className="mark-editor-body">
        <div className="mark-editor-form">{children}</div>
        <ScanReportView state={scan}>
          <MarkPreview kind={kind} picture={picture} />
        </ScanReportView>
      </div>
      <div className="mark-editor-footer">
        <Space>
          <Button onClick={onBack}>{t('marks.back')}</Button>
          <Button type="primary" disabled={!canSave} onClick={onSave} data-testid="mark-save">
            {saveLabel}
          </Button>
        </Space>
      </div>
      <ScanTipModal open={tipOpen} {...tips} onClose={() => setTipOpen(false)} />
    </Card>
  );
}

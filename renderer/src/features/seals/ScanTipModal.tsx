import { Modal, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { testId } from '../../lib/testId';

interface Props {
  open: boolean;
  title: string;
  collectTips: string[];
  specTitle: string;
  specs: string[];
  onClose: () => void;
}

/**
 * The manual's prompt before a new seal or signature: how to scan it and the size rules. It
 * only informs, so closing it either way leads to the form ("关闭提示后, 界面操作步骤如下").
 */
export function ScanTipModal({ open, title, collectTips, specTitle, specs, onClose }: Props) {
  const { t } = useTranslation();
  return (
    <Modal
      open={open}
      title={title}
      onOk={onClose}
      onCancel={onClose}
      okText={t('scans.tipOk')}
      okButtonProps={{ ...testId('scan-tip-ok') }}
      cancelButtonProps={{ style: { display: 'none' } }}
      width={560}
      centered
    >
      <div className="scan-tip" data-testid="scan-tip">
        <Typography.Title level={5}>{t('scans.collectTitle')}</Typography.Title>
        <ol className="scan-tip-list">
          {collectTips.map((tip) => (
            <li key={tip}>{tip}</li>
          ))}
        </ol>
        <Typography.Title level={5}>{specTitle}</Typography.Title>
        <ol className="scan-tip-list scan-tip-specs">
          {specs.map((spec) => (
            <li key={spec}>{spec}</li>
          ))}
        </ol>
      </div>
    </Modal>
  );
}

import { Button, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { NotFoundTips } from '../help/NotFoundTips';

/** 查看解决办法 for a certificate number that finds nothing: the manual's 自助打印证书查不到. */
export function NotFoundModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal
      open={open}
      title={t('help.notFoundTitle')}
      onCancel={onClose}
      footer={
        <Button onClick={onClose} data-testid="not-found-guidance-close">
          {t('common.close')}
        </Button>
      }
      width={560}
    >
      <div data-testid="not-found-guidance">
        <NotFoundTips />
      </div>
    </Modal>
  );
}

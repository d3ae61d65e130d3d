import { useState } from 'react';
import { Alert, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

/**
 * The manual's guidance when the declarant is not in the list. 新增无卡操作员 is done in the
 * Single Window's 管理员账号信息管理, not in this app, so the text says where to go instead of
 * linking to a page that does not exist here. Shown at once when the list is empty, otherwise
 * behind a link under the drop-down.
 */
export function DeclarantGuidance({ listEmpty }: { listEmpty: boolean }) {
  const { t } = useTranslation();
  const [shown, setShown] = useState(false);

  if (!listEmpty && !shown) {
    return (
      <Typography.Link onClick={() => setShown(true)} data-testid="declarant-missing-link">
        {t('signatures.missingLink')}
      </Typography.Link>
    );
  }
  return (
    <Alert
      type={listEmpty ? 'warning' : 'info'}
      showIcon
      className="declarant-guidance"
      title={listEmpty ? t('signatures.missingTitle') : t('signatures.missingLink')}
      closable={listEmpty ? false : { onClose: () => setShown(false) }}
      description={
        <>
          <div>
            {t('signatures.missingGuidance.before')}
            <Typography.Text strong>{t('signatures.missingGuidance.place')}</Typography.Text>
            {t('signatures.missingGuidance.middle')}
            <Typography.Text strong>{t('signatures.missingGuidance.action')}</Typography.Text>
            {t('signatures.missingGuidance.after')}
          </div>
          <Typography.Text type="secondary">{t('signatures.missingGuidance.note')}</Typography.Text>
        </>
      }
      data-testid="declarant-guidance"
    />
  );
}

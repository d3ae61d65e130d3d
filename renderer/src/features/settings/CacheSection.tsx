import { App, Button, Card, Popconfirm, Space, Spin, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { alreadyShown, call } from '../../lib/api';
import { testId } from '../../lib/testId';
import { useRemoteValue } from '../../lib/useRemote';
import { CacheFigures } from './CacheFigures';

const loadCache = () => call('settings:cache');

/** 本地缓存: figures, 刷新 and 清除缓存 (refused by main while actions are unsent). */
export function CacheSection() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { value: info, loading, reload, setValue } = useRemoteValue(loadCache);
  const [clearing, setClearing] = useState(false);

  async function clear(): Promise<void> {
    setClearing(true);
    try {
      setValue(await call('settings:clearCache'));
      void message.success(t('settings.cacheCleared'));
    } catch (error) {
      // The refusal (how many actions are unsent) was shown by `call`; the figures say it too.
      alreadyShown(error);
      reload();
    } finally {
      setClearing(false);
    }
  }

  return (
    <Card
      title={t('settings.cacheTitle')}
      size="small"
      extra={
        <Space>
          <Button size="small" onClick={reload} loading={loading} data-testid="cache-refresh">
            {t('common.refresh')}
          </Button>
          <Popconfirm
            title={t('settings.cacheClear')}
            description={t('settings.cacheClearConfirm')}
            onConfirm={() => clear()}
            okButtonProps={{ ...testId('cache-clear-confirm') }}
          >
            <Button size="small" danger loading={clearing} data-testid="cache-clear">
              {t('settings.cacheClear')}
            </Button>
          </Popconfirm>
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">{t('settings.cacheHint')}</Typography.Paragraph>
      {info ? <CacheFigures info={info} detailed /> : <Spin />}
    </Card>
  );
}

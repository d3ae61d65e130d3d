import { Button, Space, Spin, Tag, Tooltip, Typography } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { SyncState } from '../../../../preload/contract';
import { alreadyShown, call } from '../../lib/api';
import { errorText } from '../../lib/errors';
import { missingCase } from '../../lib/missingCase';
import { useSync } from './SyncProvider';

function lastSync(at: string | null, t: ReturnType<typeof useTranslation>['t']): string {
  return at ? t('sync.idleAt', { time: dayjs(at).format('YYYY-MM-DD HH:mm') }) : t('sync.idleNever');
}

function StateText({ state }: { state: SyncState }) {
  const { t } = useTranslation();
  switch (state.state) {
    case 'idle':
      return <Typography.Text type="secondary">{lastSync(state.lastSuccessAt, t)}</Typography.Text>;
    case 'running':
      return (
        <Space size={6}>
          <Spin size="small" />
          <Typography.Text data-testid="sync-progress">
            {t('sync.running', { received: state.received, layouts: state.layoutsDownloaded })}
          </Typography.Text>
        </Space>
      );
    case 'failed':
      return (
        <Tooltip title={errorText(state.error)}>
          <span data-testid="sync-error">
            <Tag color="error">{t('sync.failed')}</Tag>
            <Typography.Text type="secondary">{lastSync(state.lastSuccessAt, t)}</Typography.Text>
          </span>
        </Tooltip>
      );
    case 'cancelled':
      return (
        <>
          <Tag>{t('sync.cancelled')}</Tag>
          <Typography.Text type="secondary">{lastSync(state.lastSuccessAt, t)}</Typography.Text>
        </>
      );
    default:
      return missingCase(state);
  }
}

export function SyncStatus() {
  const { t } = useTranslation();
  const { state } = useSync();
  const running = state?.state === 'running';

  return (
    <Space size={8} data-testid="sync-status" data-sync-state={state?.state ?? 'unknown'} data-last-success={state && 'lastSuccessAt' in state ? (state.lastSuccessAt ?? '') : ''}>
      {state && <StateText state={state} />}
      {running ? (
        <Button size="small" onClick={() => void call('sync:cancel').catch(alreadyShown)} data-testid="sync-cancel">
          {t('sync.cancel')}
        </Button>
      ) : (
        <Button size="small" onClick={() => void call('sync:start').catch(alreadyShown)} data-testid="sync-start">
          {t('sync.start')}
        </Button>
      )}
    </Space>
  );
}

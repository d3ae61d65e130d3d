import { useCallback, useState } from 'react';
import { Alert, App, Button, Card, Space, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ScanKind } from '../../../../preload/contract';
import { alreadyShown, call } from '../../lib/api';
import { dateTime } from '../../lib/time';
import { useRemoteList, useRemoteValue } from '../../lib/useRemote';
import { AuthorizationResultView } from './AuthorizationResultView';
import { DefaultMarkTable, sealRow, signatureRow } from './DefaultMarkTable';
import { useSecondsUntil } from './useSecondsUntil';

const loadSeals = () => call('seals:list');
const loadSignatures = () => call('signatures:list');
const loadState = () => call('authorization:state');

/**
 * 印章签名授权 (manual 3.1): choose the default seal and signature among the active ones,
 * 授权, and after the 120-second countdown read the receipts in 授权结果.
 */
export function MarkAuthorizationPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const seals = useRemoteList(loadSeals);
  const signatures = useRemoteList(loadSignatures);
  const authorization = useRemoteValue(loadState);
  const [view, setView] = useState<'marks' | 'result'>('marks');
  const [submitting, setSubmitting] = useState(false);
  const latest = authorization.value?.latest ?? null;
  // The deadline is main's, so the countdown goes on where it was when the page is opened again.
  const remaining = useSecondsUntil(latest?.resultAvailableAt ?? null);

  // Only active marks can be authorized; a disabled one is not offered.
  const sealRows = seals.rows.filter((seal) => seal.status === 'active').map(sealRow);
  const signatureRows = signatures.rows.filter((signature) => signature.status === 'active').map(signatureRow);
  const hasDefaults = sealRows.some((row) => row.isDefault) && signatureRows.some((row) => row.isDefault);

  const { reload: reloadSeals } = seals;
  const { reload: reloadSignatures } = signatures;
  const { reload: reloadState, setValue: setState } = authorization;

  const refresh = useCallback(() => {
    reloadSeals();
    reloadSignatures();
    reloadState();
  }, [reloadSeals, reloadSignatures, reloadState]);

  const setDefault = useCallback(
    async (kind: ScanKind, markId: string) => {
      await call('authorization:setDefault', { kind, markId });
      void message.success(t(`authorization.defaultSet.${kind}`));
      // Main clears the previous default; the reloaded list shows which one it is now.
      if (kind === 'seal') reloadSeals();
      else reloadSignatures();
    },
    [message, t, reloadSeals, reloadSignatures],
  );

  async function submit(): Promise<void> {
    setSubmitting(true);
    try {
      const submitted = await call('authorization:submit');
      // The authorization in force (selfPrintSince) only changes when the new receipt arrives.
      setState((current) => ({ latest: submitted, selfPrintSince: current?.selfPrintSince ?? null }));
      void message.success(t('authorization.submitted'));
    } catch (error) {
      alreadyShown(error);
    } finally {
      setSubmitting(false);
    }
  }

  function openResult(): void {
    setView('result');
    // Receipts arrive later than the authorization: ask again each time the view opens.
    reloadState();
  }

  if (view === 'result') {
    return (
      <AuthorizationResultView state={authorization.value} loading={authorization.loading} onRefresh={reloadState} onBack={() => setView('marks')} />
    );
  }

  return (
    <Card
      className="auth-page"
      title={t('authorization.title')}
      extra={
        <Space>
          <Button onClick={refresh} loading={seals.loading || signatures.loading} data-testid="auth-refresh">
            {t('authorization.refresh')}
          </Button>
          <Tooltip title={hasDefaults ? undefined : t('authorization.submitNeedsDefaults')}>
            <Button type="primary" disabled={!hasDefaults} loading={submitting} onClick={() => void submit()} data-testid="auth-submit">
              {t('authorization.submit')}
            </Button>
          </Tooltip>
          <Button disabled={remaining > 0} onClick={openResult} data-testid="auth-result" data-remaining={remaining}>
            {remaining > 0 ? t('authorization.resultCountdown', { seconds: remaining }) : t('authorization.result')}
          </Button>
        </Space>
      }
    >
      <Alert
        type="info"
        showIcon
        className="auth-hint"
        title={t('authorization.stepsHint')}
        description={
          <>
            <div>{t('authorization.refreshHint')}</div>
            <div>{t('authorization.submitHint')}</div>
          </>
        }
      />
      {latest && (
        <Typography.Paragraph type="secondary" data-testid="auth-latest">
          {t('authorization.latest', { time: dateTime(latest.submittedAt), seal: latest.sealName, signature: latest.signatureName })}
        </Typography.Paragraph>
      )}
      <Typography.Title level={5}>{t('authorization.seals')}</Typography.Title>
      <DefaultMarkTable kind="seal" rows={sealRows} loading={seals.loading} onSetDefault={(markId) => setDefault('seal', markId)} />
      <Typography.Title level={5} className="auth-section-title">
        {t('authorization.signatures')}
      </Typography.Title>
      <DefaultMarkTable kind="signature" rows={signatureRows} loading={signatures.loading} onSetDefault={(markId) => setDefault('signature', markId)} />
    </Card>
  );
}

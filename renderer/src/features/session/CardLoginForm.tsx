import { useRef, useState } from 'react';
import { Alert, Button, Descriptions, Form, Input, Spin, type InputRef } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AppError, SessionInfo } from '../../../../preload/contract';
import { invoke } from '../../lib/api';
import { errorText } from '../../lib/errors';
import { CardGuidance } from './CardGuidance';
import { useCardReader, type CardReadState } from './useCardReader';

interface PinValues {
  pin: string;
}

/** The detected card, or why there is none, with 刷新 to read it again. */
function CardInfoView({ state, onRefresh }: { state: CardReadState; onRefresh: () => void }) {
  const { t } = useTranslation();
  const unknown = t('common.unknown');
  return (
    <div
      className="card-info"
      data-testid="card-info"
      data-state={state.state}
      data-card-id={state.state === 'ready' ? state.card.cardId : undefined}
    >
      {state.state === 'reading' && (
        <div className="card-info-reading">
          <Spin size="small" /> {t('session.card.reading')}
        </div>
      )}
      {state.state === 'ready' && (
        <Descriptions
          size="small"
          column={1}
          title={t('session.card.detected')}
          items={[
            { key: 'cardId', label: t('session.card.cardId'), children: state.card.cardId },
            { key: 'holder', label: t('session.card.holder'), children: state.card.holderName ?? unknown },
            { key: 'validTo', label: t('session.card.validTo'), children: state.card.validTo ?? unknown },
          ]}
        />
      )}
      {state.state === 'unavailable' && (
        <Alert
          type="warning"
          showIcon
          title={errorText(state.error)}
          description={state.error.code === 'CARD_LOCKED' ? t('session.card.lockedHint') : <CardGuidance />}
        />
      )}
      <div className="card-info-actions">
        <Button size="small" onClick={onRefresh} loading={state.state === 'reading'} data-testid="card-refresh">
          {t('session.card.refresh')}
        </Button>
      </div>
    </div>
  );
}

/** What to add under a failed card login's message. */
function failureHint(error: AppError, lockedHint: string) {
  if (error.code === 'CARD_LOCKED') return lockedHint;
  if (error.code === 'CARD_UNAVAILABLE') return <CardGuidance />;
  return undefined;
}

/**
 * 卡介质登录: read the card, enter its PIN, 登录 ('session:cardLogin'). The PIN lives only in
 * the form field for the length of the call: the field is cleared after every attempt, right
 * or wrong, and the PIN never reaches React state.
 */
export function CardLoginForm({ onLoggedIn }: { onLoggedIn: (session: SessionInfo) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<PinValues>();
  const pinField = useRef<InputRef>(null);
  const reader = useCardReader();
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  // A locked card stays refused until it has been read again (after unlocking it elsewhere).
  const locked = error?.code === 'CARD_LOCKED';
  const canLogin = reader.state.state === 'ready' && !locked;

  function refresh(): void {
    setError(null);
    void reader.read();
  }

  async function submit({ pin }: PinValues): Promise<void> {
    if (!canLogin || submitting) return;
    setSubmitting(true);
    setError(null);
    const result = await invoke('session:cardLogin', { pin });
    form.resetFields(['pin']);
    setSubmitting(false);
    if (result.ok) {
      onLoggedIn(result.value);
      return;
    }
    // Shown in the form, like the password login's error; main's message may say how many tries are left.
    setError(result.error);
    if (result.error.code === 'WRONG_PIN') pinField.current?.focus();
  }

  return (
    <>
      <CardInfoView state={reader.state} onRefresh={refresh} />
      {error && (
        <Alert
          type="error"
          showIcon
          title={errorText(error)}
          description={failureHint(error, t('session.card.lockedHint'))}
          className="login-error"
          data-testid="card-login-error"
          data-code={error.code}
        />
      )}
      <Form<PinValues> form={form} layout="vertical" size="large" onFinish={(values) => void submit(values)} requiredMark={false}>
        <Form.Item label={t('session.card.pin')} name="pin" rules={[{ required: true, message: t('session.card.pinRequired') }]}>
          <Input.Password
            ref={pinField}
            autoFocus
            autoComplete="off"
            maxLength={64}
            placeholder={t('session.card.pinPlaceholder')}
            data-testid="card-pin"
          />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={submitting} disabled={!canLogin} data-testid="card-login-submit">
          {t('session.login')}
        </Button>
      </Form>
    </>
  );
}

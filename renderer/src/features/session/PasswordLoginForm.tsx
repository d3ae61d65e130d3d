import { useState } from 'react';
import { Alert, Button, Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import type { SessionInfo } from '../../../../preload/contract';
import { invoke } from '../../lib/api';
import { errorText } from '../../lib/errors';

interface LoginValues {
  username: string;
  password: string;
}

/** 用户名/密码登录: may print and apply for exceptions (PRODUCT §2 row 1). */
export function PasswordLoginForm({ onLoggedIn }: { onLoggedIn: (session: SessionInfo) => void }) {
  const { t } = useTranslation();
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(values: LoginValues): Promise<void> {
    setSubmitting(true);
    setError(null);
    // The error is shown inside the form, next to what the user typed, rather than as a toast.
    const result = await invoke('session:login', { username: values.username.trim(), password: values.password });
    setSubmitting(false);
    if (result.ok) onLoggedIn(result.value);
    else setError(errorText(result.error));
  }

  return (
    <>
      {error && <Alert type="error" showIcon title={error} className="login-error" data-testid="login-error" />}
      <Form<LoginValues> layout="vertical" size="large" onFinish={(values) => void submit(values)} requiredMark={false}>
        <Form.Item
          label={t('session.username')}
          name="username"
          rules={[{ required: true, whitespace: true, message: t('session.usernameRequired') }]}
        >
          <Input autoComplete="username" autoFocus data-testid="login-username" />
        </Form.Item>
        <Form.Item label={t('session.password')} name="password" rules={[{ required: true, message: t('session.passwordRequired') }]}>
          <Input.Password autoComplete="current-password" data-testid="login-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={submitting} data-testid="login-submit">
          {t('session.login')}
        </Button>
      </Form>
    </>
  );
}

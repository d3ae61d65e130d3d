import { useState } from 'react';
import { Card, Tabs, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { SessionInfo } from '../../../../preload/contract';
import { LanguageSwitch } from '../../layout/LanguageSwitch';
import { CardLoginForm } from './CardLoginForm';
import { PasswordLoginForm } from './PasswordLoginForm';

type LoginMode = 'password' | 'card';

/** The manual's login screen: 用户名/密码登录, or 卡介质登录 with the e-port card. */
export function LoginPage({ onLoggedIn }: { onLoggedIn: (session: SessionInfo) => void }) {
  const { t } = useTranslation();
  const [mode, setMode] = useState<LoginMode>('password');

  return (
    <div className="login-page">
      <div className="login-language">
        <LanguageSwitch />
      </div>
      <Card className="login-card" variant="borderless">
        <Typography.Title level={3} className="login-title">
          {t('app.title')}
        </Typography.Title>
        <Tabs
          centered
          activeKey={mode}
          onChange={(key) => setMode(key as LoginMode)}
          // A hidden form is dropped: opening 卡介质登录 reads the card afresh, and a typed
          // password does not linger behind the other tab.
          destroyOnHidden
          items={[
            {
              key: 'password',
              label: <span data-testid="login-mode-password">{t('session.passwordMode')}</span>,
              children: <PasswordLoginForm onLoggedIn={onLoggedIn} />,
            },
            {
              key: 'card',
              label: <span data-testid="login-mode-card">{t('session.cardMode')}</span>,
              children: <CardLoginForm onLoggedIn={onLoggedIn} />,
            },
          ]}
        />
        <Typography.Paragraph type="secondary" className="login-note" data-testid="login-note">
          {t('session.note')}
        </Typography.Paragraph>
      </Card>
    </div>
  );
}

import { useState } from 'react';
import { Button, Card, Modal, Tabs, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { SessionInfo } from '../../../../preload/contract';
import { LanguageSwitch } from '../../layout/LanguageSwitch';
import { GearIcon } from '../settings/icons';
import { SettingsPage } from '../settings/SettingsPage';
import { CardLoginForm } from './CardLoginForm';
import { PasswordLoginForm } from './PasswordLoginForm';

type LoginMode = 'password' | 'card';

/** The manual's login screen: 用户名/密码登录, or 卡介质登录 with the e-port card. */
export function LoginPage({ onLoggedIn }: { onLoggedIn: (session: SessionInfo) => void }) {
  const { t } = useTranslation();
  const [mode, setMode] = useState<LoginMode>('password');
  // 设置 before sign-in: the server address must be settable when signing in is what fails.
  const [settingsOpen, setSettingsOpen] = useState(false);

  return (
    <div className="login-page">
      <div className="login-language">
        <LanguageSwitch />
        <Button type="text" size="small" icon={<GearIcon />} onClick={() => setSettingsOpen(true)} data-testid="login-settings">
          {t('settings.open')}
        </Button>
      </div>
      <Modal open={settingsOpen} title={t('settings.title')} footer={null} width={640} onCancel={() => setSettingsOpen(false)} destroyOnHidden>
        <SettingsPage signedIn={false} />
      </Modal>
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

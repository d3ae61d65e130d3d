import { useState } from 'react';
import { Button, Divider, Space, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { SessionInfo } from '../../../preload/contract';
import { SyncStatus } from '../features/sync/SyncStatus';
import { BuildingIcon, LogoutIcon, SealMark } from './icons';
import { LanguageSwitch } from './LanguageSwitch';
import { AboutDialog } from '../features/settings/AboutDialog';
import { InfoIcon } from '../features/settings/icons';

interface Props {
  session: SessionInfo;
  onLogout: () => void;
  loggingOut: boolean;
}

export function AppHeader({ session, onLogout, loggingOut }: Props) {
  const { t } = useTranslation();
  const [aboutOpen, setAboutOpen] = useState(false);
  return (
    <div className="app-header">
      <div className="app-brand">
        <SealMark />
        <span className="app-brand-title">{t('app.title')}</span>
      </div>
      <Space size={4} className="app-header-right" separator={<Divider orientation="vertical" />}>
        <SyncStatus />
        <Tooltip title={`${session.userName} · ${t(`session.roles.${session.role}`)} · ${session.enterpriseCode}`}>
          <span className="app-enterprise" data-testid="enterprise-name">
            <BuildingIcon />
            <Typography.Text strong>{session.enterpriseName}</Typography.Text>
          </span>
        </Tooltip>
        <LanguageSwitch />
        <Button type="text" icon={<InfoIcon />} onClick={() => setAboutOpen(true)} data-testid="about-open">
          {t('about.open')}
        </Button>
        <Button type="text" icon={<LogoutIcon />} loading={loggingOut} onClick={onLogout} data-testid="logout">
          {t('session.logout')}
        </Button>
      </Space>
      {aboutOpen && <AboutDialog session={session} onClose={() => setAboutOpen(false)} />}
    </div>
  );
}

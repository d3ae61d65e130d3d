import { useState } from 'react';
import { App, Layout, Menu } from 'antd';
import { useTranslation } from 'react-i18next';
import type { SessionInfo } from '../../../preload/contract';
import { call, alreadyShown } from '../lib/api';
import { CertificatesPage } from '../features/certificates/CertificatesPage';
import { ConfirmPrint } from '../features/certificates/ConfirmPrint';
import { PrintJobsProvider } from '../features/certificates/PrintJobsProvider';
import { PrintQueue } from '../features/certificates/PrintQueue';
import { Instructions } from '../features/help/Instructions';
import { SyncProvider } from '../features/sync/SyncProvider';
import { AppHeader } from './AppHeader';
import { BookIcon, PrinterIcon } from './icons';

// The manual's chapters in its order; only the functions that exist so far are listed.
type Page = 'instructions' | 'certificate-print';

interface Props {
  session: SessionInfo;
  onLoggedOut: () => void;
}

export function MainFrame({ session, onLoggedOut }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [page, setPage] = useState<Page>('certificate-print');
  const [collapsed, setCollapsed] = useState(false);
  const [loggingOut, setLoggingOut] = useState(false);

  async function logout(): Promise<void> {
    setLoggingOut(true);
    try {
      await call('session:logout');
      void message.success(t('session.loggedOut'));
      onLoggedOut();
    } catch (error) {
      alreadyShown(error);
      setLoggingOut(false);
    }
  }

  return (
    <SyncProvider>
      <PrintJobsProvider>
        <Layout className="app-frame">
          <Layout.Header className="app-frame-header">
            <AppHeader session={session} onLogout={() => void logout()} loggingOut={loggingOut} />
          </Layout.Header>
          <Layout>
            <Layout.Sider theme="light" width={200} collapsible collapsed={collapsed} onCollapse={setCollapsed} className="app-frame-sider">
              <Menu
                mode="inline"
                selectedKeys={[page]}
                onClick={({ key }) => setPage(key as Page)}
                items={[
                  { key: 'instructions', icon: <BookIcon />, label: t('menu.instructions') },
                  { key: 'certificate-print', icon: <PrinterIcon />, label: t('menu.certificatePrint') },
                ]}
                data-testid="main-menu"
              />
            </Layout.Sider>
            <Layout.Content className="app-frame-content">
              {page === 'certificate-print' ? <CertificatesPage /> : <Instructions />}
            </Layout.Content>
          </Layout>
        </Layout>
        <PrintQueue />
        <ConfirmPrint />
      </PrintJobsProvider>
    </SyncProvider>
  );
}

import { useCallback, useMemo, useState } from 'react';
import { App, Layout, Menu, type MenuProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { can, type SessionInfo } from '../../../preload/contract';
import { call, alreadyShown } from '../lib/api';
import { CertificatesPage } from '../features/certificates/CertificatesPage';
import { DownloadsPage } from '../features/downloads/DownloadsPage';
import { ConfirmPrint } from '../features/certificates/ConfirmPrint';
import { PrintJobsProvider } from '../features/certificates/PrintJobsProvider';
import { PrintQueue } from '../features/certificates/PrintQueue';
import { MarkAuthorizationPage } from '../features/authorization/MarkAuthorizationPage';
import { PrintExceptionsPage } from '../features/exceptions/PrintExceptionsPage';
import { FaqPage } from '../features/help/FaqPage';
import { Instructions } from '../features/help/Instructions';
import { ReleaseNotesPage } from '../features/help/ReleaseNotesPage';
import { PrincipalsPage } from '../features/proxy/PrincipalsPage';
import { ProxyGrantsPage } from '../features/proxy/ProxyGrantsPage';
import { SealsPage } from '../features/seals/SealsPage';
import { SignaturesPage } from '../features/seals/SignaturesPage';
import { NewPrintableNotice } from '../features/sync/NewPrintableNotice';
import { SyncProvider } from '../features/sync/SyncProvider';
import { GearIcon } from '../features/settings/icons';
import { SettingsPage } from '../features/settings/SettingsPage';
import { missingCase } from '../lib/missingCase';
import { testId } from '../lib/testId';
import { AppHeader } from './AppHeader';
import { AlertIcon, BookIcon, DownloadIcon, HelpIcon, NotesIcon, PrinterIcon, ShieldIcon, StampIcon } from './icons';
import { NavigationContext, type Navigation, type PageParams } from './navigation';

// The manual's chapters in its order, then the app's own 设置.
type Page =
  | 'instructions'
  | 'seal-making'
  | 'signature-making'
  | 'mark-authorization'
  | 'proxy-grants'
  | 'principals'
  | 'certificate-print'
  | 'print-exceptions'
  | 'certificate-download'
  | 'settings'
  // desktop: the manual's chapters 7 and 8
  | 'faq'
  | 'release-notes';

/** What the page was opened with through navigate(); empty after a menu click. */
type OpenedWith = { [P in keyof PageParams]?: PageParams[P] };

const SEAL_MANAGEMENT = 'seal-management';
const AUTHORIZATION_MANAGEMENT = 'authorization-management';

function PageContent({ page, params, open }: { page: Page; params: OpenedWith; open: (page: Page) => void }) {
  switch (page) {
    case 'instructions':
      return <Instructions onFaqDownloaded={() => open('faq')} />;
    case 'seal-making':
      return <SealsPage />;
    case 'signature-making':
      return <SignaturesPage />;
    case 'mark-authorization':
      return <MarkAuthorizationPage />;
    case 'proxy-grants':
      return <ProxyGrantsPage />;
    case 'principals':
      return <PrincipalsPage />;
    case 'certificate-print':
      return <CertificatesPage />;
    case 'print-exceptions':
      return <PrintExceptionsPage target={params['print-exceptions'] ?? null} />;
    case 'certificate-download':
      return <DownloadsPage />;
    case 'settings':
      return <SettingsPage signedIn />;
    case 'faq':
      return <FaqPage />;
    case 'release-notes':
      return <ReleaseNotesPage />;
    default:
      return missingCase(page);
  }
}

interface Props {
  session: SessionInfo;
  onLoggedOut: () => void;
}

export function MainFrame({ session, onLoggedOut }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [page, setPage] = useState<Page>('certificate-print');
  const [opened, setOpened] = useState<{ params: OpenedWith; id: number }>({ params: {}, id: 0 });
  // A navigation opens the page anew (its key changes), even when it is the page shown.
  const navigation = useMemo<Navigation>(
    () => ({
      navigate(target, params) {
        setPage(target);
        setOpened((current) => ({ params: { [target]: params }, id: current.id + 1 }));
      },
    }),
    [],
  );
  const [collapsed, setCollapsed] = useState(false);
  const [loggingOut, setLoggingOut] = useState(false);
  const openCertificates = useCallback(() => setPage('certificate-print'), []);
  // The UI offers only what the role may do; main refuses the rest with FORBIDDEN anyway.
  const manageSeals = can(session.role, 'manage-seals');
  const authorize = can(session.role, 'authorize');

  const menuItems: MenuProps['items'] = [
    { key: 'instructions', icon: <BookIcon />, label: t('menu.instructions'), ...testId('menu-instructions') },
    ...(manageSeals
      ? [
          {
            key: SEAL_MANAGEMENT,
            icon: <StampIcon />,
            label: t('menu.sealManagement'),
            children: [
              { key: 'seal-making', label: t('menu.sealMaking'), ...testId('menu-seals') },
              { key: 'signature-making', label: t('menu.signatureMaking'), ...testId('menu-signatures') },
            ],
          },
        ]
      : []),
    {
      key: AUTHORIZATION_MANAGEMENT,
      icon: <ShieldIcon />,
      label: t('menu.authorizationManagement'),
      children: [
        ...(authorize
          ? [
              { key: 'mark-authorization', label: t('menu.markAuthorization'), ...testId('menu-mark-authorization') },
              { key: 'proxy-grants', label: t('menu.proxyGrants'), ...testId('menu-proxy-grants') },
            ]
          : []),
        // Every role: an agent signs in with its operator card or password to see its principals.
        { key: 'principals', label: t('menu.principals'), ...testId('menu-principals') },
      ],
    },
    { key: 'certificate-print', icon: <PrinterIcon />, label: t('menu.certificatePrint'), ...testId('menu-certificate-print') },
    // 打印异常申请 and 证书下载 (the manual's chapters 5 and 6): whoever may print.
    ...(can(session.role, 'print')
      ? [
          { key: 'print-exceptions', icon: <AlertIcon />, label: t('menu.printExceptions'), ...testId('menu-print-exceptions') },
          { key: 'certificate-download', icon: <DownloadIcon />, label: t('menu.certificateDownload'), ...testId('menu-certificate-download') },
        ]
      : []),
    // 常见问题及解答 and 版本说明 (chapters 7 and 8): everyone.
    { key: 'faq', icon: <HelpIcon />, label: t('menu.faq'), ...testId('menu-faq') },
    { key: 'release-notes', icon: <NotesIcon />, label: t('menu.releaseNotes'), ...testId('menu-release-notes') },
    // 设置: the workstation's settings and this enterprise's cache.
    { key: 'settings', icon: <GearIcon />, label: t('menu.settings'), ...testId('menu-settings') },
  ];

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
    <NavigationContext value={navigation}>
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
                  // Open from the start, so every function is one click away like the manual's menu.
                  defaultOpenKeys={[SEAL_MANAGEMENT, AUTHORIZATION_MANAGEMENT]}
                  onClick={({ key }) => {
                    setPage(key as Page);
                    setOpened((current) => ({ params: {}, id: current.id }));
                  }}
                  items={menuItems}
                  data-testid="main-menu"
                />
              </Layout.Sider>
              <Layout.Content className="app-frame-content">
                <PageContent key={opened.id} page={page} params={opened.params} open={setPage} />
              </Layout.Content>
            </Layout>
          </Layout>
          <PrintQueue />
          <ConfirmPrint />
          <NewPrintableNotice onOpen={openCertificates} />
        </PrintJobsProvider>
      </SyncProvider>
    </NavigationContext>
  );
}

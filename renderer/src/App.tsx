import { useEffect, useState } from 'react';
import { App as AntApp, ConfigProvider, Spin } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import enUS from 'antd/locale/en_US';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { useTranslation } from 'react-i18next';
import type { SessionInfo } from '../../preload/contract';
import { api, invoke, setErrorReporter } from './lib/api';
import { LoginPage } from './features/session/LoginPage';
import { MainFrame } from './layout/MainFrame';

/** The system's "reduce motion" setting, followed while the app runs. */
function usePrefersReducedMotion(): boolean {
  const query = '(prefers-reduced-motion: reduce)';
  const [reduced, setReduced] = useState(() => window.matchMedia(query).matches);
  useEffect(() => {
    const media = window.matchMedia(query);
    const changed = () => setReduced(media.matches);
    media.addEventListener('change', changed);
    return () => media.removeEventListener('change', changed);
  }, []);
  return reduced;
}

export function App() {
  const { i18n } = useTranslation();
  const english = i18n.language === 'en-US';
  const reducedMotion = usePrefersReducedMotion();

  useEffect(() => {
    dayjs.locale(english ? 'en' : 'zh-cn');
  }, [english]);

  return (
    <ConfigProvider
      locale={english ? enUS : zhCN}
      // antd would render two-character Chinese buttons as "查 询"; the manual's words must stay whole.
      button={{ autoInsertSpace: false }}
      // Users who asked their system for less motion get dialogs and drawers without animation.
      theme={{ token: { borderRadius: 4, motion: !reducedMotion } }}
    >
      <AntApp className="app-root">
        <ErrorReporter />
        <SessionGate />
      </AntApp>
    </ConfigProvider>
  );
}

/** Routes failures of lib/api `call` to antd's message, which needs the App context for theme and locale. */
function ErrorReporter() {
  const { message } = AntApp.useApp();
  useEffect(() => {
    // One toast per error code: a failing scroll-fetch must not stack dozens of identical toasts.
    setErrorReporter((error, text) => void message.error({ content: text, key: `api-error-${error.code}` }));
  }, [message]);
  return null;
}

/** undefined: still asking main whether a session exists. */
function SessionGate() {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const [session, setSession] = useState<SessionInfo | null | undefined>(undefined);

  useEffect(() => {
    let alive = true;
    void invoke('session:current').then((result) => {
      if (alive) setSession((current) => (current === undefined ? (result.ok ? result.value : null) : current));
    });
    return () => {
      alive = false;
    };
  }, []);

  useEffect(
    () =>
      api.on('session:ended', ({ reason }) => {
        setSession(null);
        if (reason === 'expired') void message.warning(t('session.expired'));
      }),
    [message, t],
  );

  if (session === undefined) return <Spin fullscreen description={t('app.loading')} />;
  if (session === null) return <LoginPage onLoggedIn={setSession} />;
  return <MainFrame session={session} onLoggedOut={() => setSession(null)} />;
}

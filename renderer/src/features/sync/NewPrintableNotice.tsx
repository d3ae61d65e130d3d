import { useEffect } from 'react';
import { App, Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, inElectron } from '../../lib/api';

/**
 * Tells the user a sync brought new printable certificates: inside the app always, and
 * as a desktop notification from the browser in browser mode (in Electron the main
 * process shows the desktop one, since pages get no notification permission there).
 */
export function NewPrintableNotice({ onOpen }: { onOpen: () => void }) {
  const { t } = useTranslation();
  const { notification } = App.useApp();

  useEffect(
    () =>
      api.on('sync:newPrintable', ({ count }) => {
        const title = t('newPrintable.title');
        const body = t('newPrintable.body', { count });
        const key = 'new-printable';
        notification.info({
          key,
          title,
          description: <span data-testid="new-printable-notice" data-count={count}>{body}</span>,
          actions: (
            <Button
              type="primary"
              size="small"
              onClick={() => {
                notification.destroy(key);
                onOpen();
              }}
            >
              {t('newPrintable.open')}
            </Button>
          ),
        });
        if (!inElectron) showDesktopNotification(title, body, onOpen);
      }),
    [notification, onOpen, t],
  );
  return null;
}

function showDesktopNotification(title: string, body: string, onOpen: () => void): void {
  if (typeof Notification === 'undefined') return;
  const show = () => {
    const shown = new Notification(title, { body, tag: 'new-printable' });
    shown.onclick = () => {
      window.focus();
      onOpen();
    };
  };
  if (Notification.permission === 'granted') show();
  // Without a user's gesture the browser may not ask; the in-app notice is there either way.
  else if (Notification.permission === 'default') void Notification.requestPermission().then((answer) => answer === 'granted' && show());
}

// Desktop notifications (a sync brought new printable certificates) through Electron's
// main-process Notification: the renderer's web Notification would need a permission
// the security guards deny to every page. A click brings the window forward.

import { Notification, type BrowserWindow } from 'electron';
import type { Logger } from '../log/logger';

export function createNotifier(getWindow: () => BrowserWindow | null, log: Logger): (notice: { title: string; body: string }) => void {
  return ({ title, body }) => {
    // Linux without a notification daemon, or Windows without an AppUserModelID: nothing to show.
    if (!Notification.isSupported()) {
      log.info('notifications not supported here');
      return;
    }
    const notification = new Notification({ title, body, silent: false });
    notification.on('click', () => {
      const window = getWindow();
      if (window === null || window.isDestroyed()) return;
      if (window.isMinimized()) window.restore();
      window.show();
      window.focus();
    });
    notification.show();
  };
}

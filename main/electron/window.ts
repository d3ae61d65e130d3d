// The app's single window. Every web preference that matters for security is written
// out even where it is Electron's default, so a future default change or a careless
// edit shows up in review (and in test/unit/electron-window.test.ts).

import { BrowserWindow, screen } from 'electron';
import type { Logger } from '../log/logger';
import { loadWindowState, trackWindowState } from './window-state';

export const WINDOW_TITLE = '原产地证书自助打印客户端';

const MINIMUM_SIZE = { width: 1024, height: 680 };

export function createMainWindow(options: {
  preloadPath: string;
  startUrl: string;
  log: Logger;
  /** Where size, position and maximized state are remembered; none: the default placement every time. */
  stateFile?: string;
}): BrowserWindow {
  const { preloadPath, startUrl, log, stateFile } = options;
  const saved = stateFile ? loadWindowState(stateFile, screen.getAllDisplays().map((display) => display.workArea), MINIMUM_SIZE, log) : null;
  // The options are a literal here, not built elsewhere, so that scanners such as
  // electronegativity (and reviewers) see every preference at the constructor.
  const window = new BrowserWindow({
    title: WINDOW_TITLE,
    width: saved?.bounds.width ?? 1280,
    height: saved?.bounds.height ?? 820,
    // Without a saved place Electron centres the window on the primary display.
    ...(saved ? { x: saved.bounds.x, y: saved.bounds.y } : {}),
    // The certificate table needs this much room before its columns become unreadable.
    minWidth: MINIMUM_SIZE.width,
    minHeight: MINIMUM_SIZE.height,
    // Shown on 'ready-to-show' so the user never sees a blank white frame.
    show: false,
    backgroundColor: '#ffffff',
    // No File/Edit/View menu on Windows/Linux: nothing in it is useful to these users,
    // and its reload/devtools accelerators are not something they should reach.
    autoHideMenuBar: true,
    webPreferences: {
      preload: preloadPath,
      // The renderer shows server data; it must never reach Node or Electron internals.
      // contextIsolation keeps the preload's world apart from the page's, and the
      // sandbox confines the renderer process itself (an OS-level boundary), so a
      // renderer compromise cannot touch the filesystem without going through IPC.
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      // Middle-click would open links in a new window; all window.open goes through
      // the deny handler anyway, this removes the path entirely.
      disableBlinkFeatures: 'Auxclick',
      // The spellchecker would download dictionaries from Google's CDN.
      spellcheck: false,
    },
  });
  if (process.platform !== 'darwin') window.removeMenu();

  window.once('ready-to-show', () => {
    if (saved?.maximized) window.maximize();
    window.show();
  });
  if (stateFile) trackWindowState(window, stateFile, log);
  // The product name stays in the title bar and task bar, whatever <title> the page sets.
  window.on('page-title-updated', (event) => event.preventDefault());

  window.loadURL(startUrl).catch((error: unknown) => log.error('the window could not load the app', error, { startUrl }));
  return window;
}

// The Electron composition root: the one place that knows both Electron and the app.
// It hardens Electron, builds the app core with Electron's adapters, connects IPC and
// opens the window. Everything it builds is also built by browser mode (main/browser)
// with Node adapters, so this file stays wiring only.

import { join } from 'node:path';
import { app, dialog, type BrowserWindow } from 'electron';
import { createAppCore, type AppCore } from './app-core';
import { loadAppConfig } from './electron/config';
import { createChooseSavePath, createSaveFile } from './electron/dialogs';
import { createEventSender, registerIpc } from './electron/ipc';
import { createFileSink } from './electron/log-file';
import { appVersion, bundlePaths, logFilePath, userDataDir } from './electron/paths';
import { handleAppProtocol, registerAppScheme, START_URL, TRUSTED_ORIGIN } from './electron/protocol';
import { enableSandbox, installProcessGuards, installSecurityGuards } from './electron/security';
import { createSecretStore } from './electron/secret-store';
import { createUpdater } from './electron/updater';
import { createNotifier } from './electron/notifications';
import { createMainWindow } from './electron/window';
import { createLogger } from './log/logger';

const APP_ID = 'cn.example.coselfprint';
/** Hosts whose https links open in the user's browser. None yet; add exact host names. */
const EXTERNAL_LINK_HOSTS: readonly string[] = [];
/** How long quitting waits for the core to finish writing before it gives up. */
const DISPOSE_TIMEOUT_MS = 5_000;

const log = createLogger(createFileSink(logFilePath(), { echo: !app.isPackaged }));
installProcessGuards(log.child('process'));

// Two instances would share one database and one print queue: the second one hands
// over to the first and leaves.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  run();
}

function run(): void {
  const paths = bundlePaths(__dirname);
  let mainWindow: BrowserWindow | null = null;
  let core: AppCore | null = null;
  let quit: 'running' | 'disposing' | 'done' = 'running';

  // These three must happen before 'ready'.
  // Element does the same: sandbox every renderer, whatever its creator asked for.
  enableSandbox();
  registerAppScheme();
  installSecurityGuards({ trustedOrigin: TRUSTED_ORIGIN, externalHosts: EXTERNAL_LINK_HOSTS, log: log.child('security') });
  if (process.platform === 'win32') app.setAppUserModelId(APP_ID);

  app.on('second-instance', () => {
    if (mainWindow === null || mainWindow.isDestroyed()) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });

  // The app has one window; closing it ends the app on every platform.
  app.on('window-all-closed', () => app.quit());

  // Quit only after the core has closed the database and stopped its workers; a quit
  // in the middle of a write would otherwise be the worker being killed mid-transaction.
  app.on('before-quit', (event) => {
    if (core === null || quit === 'done') return;
    event.preventDefault();
    if (quit === 'disposing') return;
    quit = 'disposing';
    const disposing = core;
    void withTimeout(disposing.dispose(), DISPOSE_TIMEOUT_MS)
      .catch((error: unknown) => log.error('dispose failed', error))
      .finally(() => {
        quit = 'done';
        app.quit();
      });
  });

  app
    .whenReady()
    .then(async () => {
      log.info('starting', { version: app.getVersion(), packaged: app.isPackaged });
      handleAppProtocol(paths.renderer);

      const getWindow = () => mainWindow;
      const dataDir = userDataDir();
      const emit = createEventSender(getWindow);
      // Built before the core so that 'update:state' can answer from the first call.
      const updater = createUpdater({ log: log.child('updater'), isPackaged: app.isPackaged, onState: (state) => emit('update:state', state) });
      const created = await createAppCore(
        {
          dataDir,
          emit,
          saveFile: createSaveFile(getWindow),
          dbWorker: { path: paths.dbWorker },
          scanWorker: { path: paths.scanWorker },
          chooseSavePath: createChooseSavePath(getWindow),
          exportWorker: { path: paths.exportWorker },
          pdfWorker: { path: paths.pdfWorker },
          secrets: createSecretStore(join(dataDir, 'session.bin'), log.child('secrets')),
          log,
          logFile: logFilePath(),
          appVersion: appVersion(),
          updateState: () => updater.state(),
          notify: createNotifier(getWindow, log.child('notify')),
        },
        await loadAppConfig({ dataDir, env: process.env, trustedOrigin: TRUSTED_ORIGIN, log: log.child('config') }),
      );
      core = created;
      // Handlers before the page: the renderer's first call must find them.
      registerIpc(created.dispatch, log.child('ipc'));
      mainWindow = createMainWindow({
        preloadPath: paths.preload,
        startUrl: START_URL,
        log: log.child('window'),
        stateFile: join(dataDir, 'window-state.json'),
      });
      mainWindow.on('closed', () => {
        mainWindow = null;
      });

      updater.start();
      // Leftovers of a previous run (prints to confirm, outbox) are retried by the core
      // itself; failing to finish them is no reason to take the window away.
      await created.start().catch((error: unknown) => log.error('core start failed', error));
    })
    .catch((error: unknown) => {
      log.error('start-up failed', error);
      dialog.showErrorBox('无法启动', `原产地证书自助打印客户端未能启动。详情已记录在日志中:\n${logFilePath()}`);
      // exit, not quit: there may be nothing to dispose and no window to close.
      app.exit(1);
    });
}

function withTimeout(promise: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

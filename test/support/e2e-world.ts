// Everything an end-to-end test needs, real: the sandbox server over HTTPS, CUPS
// with a simulated duplex colour printer, the app in browser mode as its own
// process, and the system Chromium.

import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { startSandbox, type Sandbox } from '../sandbox/server';
import { AppPage } from './app-page';
import { startBrowserMode, type BrowserModeApp } from './browser-mode';
import { launchChromium } from './chromium';
import { startCups, type CupsSim } from './cups';

export interface E2eWorld {
  sandbox: Sandbox;
  /** The simulated printer; absent for a world that prints nothing. */
  printer: CupsSim | null;
  appDataDir: string;
  app: BrowserModeApp;
  /** Starts the app process again on the same data folder (after a crash). */
  restartApp(): Promise<BrowserModeApp>;
  /** A new browser page on the running app. */
  openPage(): Promise<AppPage>;
  stop(): Promise<void>;
}

export async function startE2eWorld(options: {
  printerName?: string;
  certificateCount?: number;
  seed?: number;
  /** The app keeps its bridge port and token across restartApp(), so open pages reconnect instead of reloading. */
  stableBridge?: boolean;
  /** Node options of the app's process (startBrowserMode's `node`). */
  appNode?: { args: string[]; env: Record<string, string> };
}): Promise<E2eWorld> {
  const root = mkdtempSync(join(tmpdir(), 'co-e2e-'));
  const sandbox = await startSandbox({
    dataDir: join(root, 'sandbox'),
    seed: options.seed ?? 5,
    certificateCount: options.certificateCount ?? 400,
    log: () => {},
  });
  const printer = options.printerName ? await startCups({ name: options.printerName, duplex: true, color: true }) : null;
  const appDataDir = join(root, 'app');
  const bridge = options.stableBridge ? { port: await freeLoopbackPort(), token: randomBytes(32).toString('hex') } : undefined;
  const launch = () =>
    startBrowserMode({ serverUrl: sandbox.url, caCertPath: sandbox.caCertPath, dataDir: appDataDir, cardServiceUrl: sandbox.cardService.url, bridge, node: options.appNode });
  const browser = await launchChromium();
  const pages: Page[] = [];
  const world: E2eWorld = {
    sandbox,
    printer,
    appDataDir,
    app: await launch(),
    async restartApp() {
      world.app = await launch();
      return world.app;
    },
    async openPage() {
      const page = await browser.context.newPage();
      pages.push(page);
      const app = new AppPage(page);
      await app.open(world.app.url);
      return app;
    },
    async stop() {
      await browser.close();
      await world.app.stop();
      await printer?.stop();
      await sandbox.stop();
      rmSync(root, { recursive: true, force: true });
    },
  };
  return world;
}

function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

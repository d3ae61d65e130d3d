// Browser mode: the same app core as the Electron build, behind a loopback HTTP
// bridge, for development and e2e tests on machines without the Electron binary.
// Configured by environment: CO_SERVER_URL, CO_CA_CERT, CO_SOFT_CARD or CO_CARD_SERVICE_URL,
// CO_DATA_DIR, CO_BRIDGE_PORT.
// Prints one line `BROWSER_MODE_URL <url>` that a person or a test opens.

import { appendFileSync, mkdirSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { createAppCore } from '../app-core';
import { cardConfig } from '../electron/config';
import { createLogger } from '../log/logger';
import { startBridgeServer } from './bridge-server';
import { createFileSecretStore } from './file-secret-store';

async function main(): Promise<void> {
  const dataDir = resolve(process.env.CO_DATA_DIR ?? '.browser-data');
  mkdirSync(join(dataDir, 'logs'), { recursive: true });
  const logFile = join(dataDir, 'logs', 'main.log');
  const log = createLogger((line) => appendFileSync(logFile, `${line}\n`));

  const bridge = await startBridgeServer({
    rendererDir: resolve(__dirname, '../renderer'),
    port: process.env.CO_BRIDGE_PORT ? Number(process.env.CO_BRIDGE_PORT) : 0,
    token: process.env.CO_BRIDGE_TOKEN,
    log: log.child('bridge'),
  });
  const downloads = join(dataDir, 'downloads');
  const core = await createAppCore(
    {
      dataDir,
      emit: (event, payload) => bridge.emit(event, payload),
      // There is no native save dialog here: files go to the data folder's downloads.
      async saveFile(suggestedName, bytes) {
        mkdirSync(downloads, { recursive: true });
        const target = join(downloads, basename(suggestedName));
        await writeFile(target, bytes);
        return target;
      },
      dbWorker: { path: resolve(__dirname, 'db-worker.js') },
      scanWorker: { path: resolve(__dirname, 'scan-worker.js') },
      secrets: createFileSecretStore(join(dataDir, 'session.json')),
      log,
    },
    {
      serverUrl: process.env.CO_SERVER_URL ?? 'https://127.0.0.1:8443',
      caCertPath: process.env.CO_CA_CERT ?? null,
      card: cardConfig(process.env),
      trustedOrigin: bridge.origin,
    },
  );
  bridge.setDispatch(core.dispatch);
  await core.start();

  const stop = async () => {
    await core.dispose();
    await bridge.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
  process.stdout.write(`BROWSER_MODE_URL ${bridge.url}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`browser mode failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});

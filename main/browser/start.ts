// Browser mode: the same app core as the Electron build, behind a loopback HTTP
// bridge, for development and e2e tests on machines without the Electron binary.
// Configured by environment: CO_SERVER_URL, CO_CA_CERT, CO_SOFT_CARD or CO_CARD_SERVICE_URL,
// CO_DATA_DIR, CO_BRIDGE_PORT.
// Every save dialog (导出证书, 导出日志, saving a PDF) is answered by the file save-dialog.json in the data
// folder, if a test put one there ({ "path": ABSOLUTE } or { "cancel": true }, used once), else downloads/.
// The updater's state is read from update-state.json there (update-state.ts), as a test states it.
// Prints one line `BROWSER_MODE_URL <url>` that a person or a test opens.

import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { answerSaveDialog } from './save-dialog';
import { statedUpdate } from './update-state';
import { createAppCore } from '../app-core';
import { cardConfig, DEFAULT_SERVER_URL } from '../electron/config';
import { createFileSink } from '../electron/log-file';
import { createLogger } from '../log/logger';
import { startBridgeServer } from './bridge-server';
import { createFileSecretStore } from './file-secret-store';

async function main(): Promise<void> {
  const dataDir = resolve(process.env.CO_DATA_DIR ?? '.browser-data');
  // The same log file, rotation included, as the Electron build writes (main/electron/log-file.ts).
  const logFile = join(dataDir, 'logs', 'main.log');
  const log = createLogger(createFileSink(logFile));

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
      // There is no native save dialog here: it is answered as for 导出证书 (save-dialog.ts).
      async saveFile(suggestedName, bytes) {
        const target = await answerSaveDialog(dataDir, downloads, suggestedName);
        if (target === null) return null;
        await writeFile(target, bytes);
        return target;
      },
      dbWorker: { path: resolve(__dirname, 'db-worker.js') },
      scanWorker: { path: resolve(__dirname, 'scan-worker.js') },
      chooseSavePath: (suggestedName) => answerSaveDialog(dataDir, downloads, suggestedName),
      exportWorker: { path: resolve(__dirname, 'export-worker.js') },
      pdfWorker: { path: resolve(__dirname, 'pdf-worker.js') },
      secrets: createFileSecretStore(join(dataDir, 'session.json')),
      log,
      logFile,
      appVersion: packageVersion(),
      updateState: () => statedUpdate(dataDir, log.child('updater')),
    },
    {
      serverUrl: process.env.CO_SERVER_URL ?? DEFAULT_SERVER_URL,
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

/** What Electron's app.getVersion() reads: package.json, two folders up from out/main. */
function packageVersion(): string {
  try {
    const json: unknown = JSON.parse(readFileSync(resolve(__dirname, '../../package.json'), 'utf8'));
    const version = typeof json === 'object' && json !== null && 'version' in json ? json.version : undefined;
    return typeof version === 'string' ? version : '0.0.0';
  } catch {
    return '0.0.0';
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`browser mode failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});

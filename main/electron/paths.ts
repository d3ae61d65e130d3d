// Where things are, in one place. The bundle layout follows electron.vite.config.ts:
// out/main/{index,db-worker,scan-worker,export-worker}.js, out/preload/index.cjs, out/renderer/index.html.

import { join } from 'node:path';
import { app } from 'electron';

/** Per-user data: databases, layouts, logs, settings (e.g. %APPDATA%/<productName>). */
export function userDataDir(): string {
  return app.getPath('userData');
}

export function appVersion(): string {
  return app.getVersion();
}

export function logFilePath(): string {
  return join(userDataDir(), 'logs', 'main.log');
}

/** The built files, given the directory of the running main bundle (`__dirname`). */
export function bundlePaths(mainDir: string): { preload: string; renderer: string; dbWorker: string; scanWorker: string; exportWorker: string; pdfWorker: string } {
  return {
    exportWorker: join(mainDir, 'export-worker.js'),
    pdfWorker: join(mainDir, 'pdf-worker.js'),
    scanWorker: join(mainDir, 'scan-worker.js'),
    preload: join(mainDir, '..', 'preload', 'index.cjs'),
    renderer: join(mainDir, '..', 'renderer'),
    dbWorker: join(mainDir, 'db-worker.js'),
  };
}

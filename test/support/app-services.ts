// Real services wired to a real sandbox and a real database worker, for tests that
// exercise sync, layouts and the outbox below the UI.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DbClient } from '../../main/db/client';
import { silentLogger } from '../../main/log/logger';
import { ApiClient } from '../../main/net/client';
import { PdfWorker } from '../../main/pdf/pdf-worker-client';
import type { Profile } from '../../main/services/session/session-service';
import { DEMO_ENTERPRISE } from '../sandbox/generate';

/** The worker runs from source through tsx, as the built app runs out/main/db-worker.js. */
export const SOURCE_DB_WORKER = { path: resolve('test/support/db-worker-from-source.cjs'), execArgv: [] as string[] };

/** As SOURCE_DB_WORKER, for out/main/pdf-worker.js. */
export const SOURCE_PDF_WORKER = { path: resolve('test/support/pdf-worker-from-source.cjs'), execArgv: [] as string[] };

const created: string[] = [];

/** The print services' PDF worker, from source. Its thread is unref'd: it ends with the test process. */
export function testPdfWorker(): PdfWorker {
  return new PdfWorker({ workerPath: SOURCE_PDF_WORKER.path, execArgv: SOURCE_PDF_WORKER.execArgv, log: silentLogger });
}

/** A profile in a fresh temporary folder (the demo enterprise's by default); removeTestProfiles() deletes them all. */
export function openTestProfile(dir = newTemporaryDir(), enterpriseCode = DEMO_ENTERPRISE.code): Profile {
  const db = new DbClient(
    { databasePath: join(dir, 'cache.sqlite'), workerPath: SOURCE_DB_WORKER.path, execArgv: SOURCE_DB_WORKER.execArgv },
    silentLogger,
  );
  return { db, layoutsDir: join(dir, 'layouts'), enterpriseCode };
}

export function testApi(url: string, caCertPem: string | null, overrides: { deadlineMs?: number; attempts?: number } = {}): ApiClient {
  return new ApiClient({ baseUrl: url, extraCaPem: caCertPem, log: silentLogger, sleep: async () => {}, ...overrides });
}

function newTemporaryDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'co-profile-'));
  created.push(dir);
  return dir;
}

export function removeTestProfiles(): void {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
}

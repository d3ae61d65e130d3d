// Benchmark: the first sync of an agent's certificates from the sandbox over HTTPS into
// an empty cache, end to end (requests, zod parsing, the database worker's writes), against
// the raw ceiling measured in the same run: plain better-sqlite3 inserting the same
// records as JSON into one table in one transaction. BENCH_FIRST_SYNC_ROWS certificates are
// generated (100,000 by default); the demo enterprise sees most of them.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openDatabase } from '../../main/db/connection';
import { getCertificate } from '../../main/db/queries/certificates';
import { silentLogger } from '../../main/log/logger';
import { MAX_CHANGES_PAGE, type CertificateDto } from '../../main/net/contract';
import { LayoutStore } from '../../main/services/certificates/layout-store';
import { SyncService } from '../../main/services/sync/sync-service';
import { DEMO_ENTERPRISE } from '../sandbox/generate';
import { startSandbox } from '../sandbox/server';
import { openTestProfile, removeTestProfiles, testApi } from '../support/app-services';
import type { BenchHarness } from './harness';
import type { BenchSizes } from './sizes';

export async function benchFirstSync(harness: BenchHarness, sizes: BenchSizes): Promise<{ rows: number; seconds: number; rawSeconds: number }> {
  const count = sizes.firstSyncRows;
  const dataDir = mkdtempSync(join(tmpdir(), 'co-bench-sync-'));
  const sandbox = await startSandbox({ dataDir, seed: 9, certificateCount: count, tickIntervalMs: 0 });
  const profileDir = mkdtempSync(join(tmpdir(), 'co-bench-sync-profile-'));
  try {
    const api = testApi(sandbox.url, sandbox.caCertPem);
    api.setToken((await api.login({ username: 'demo', password: 'demo123' })).token);
    // The sandbox renders a certificate's layouts the first time it serves it, to know their
    // hashes (a real server has them): one pass over the changes first, so the timed sync
    // measures the client, not the sandbox's PDF rendering.
    for (let cursor = 0, more = true; more; ) {
      const page = await api.changes(cursor, MAX_CHANGES_PAGE, new AbortController().signal);
      cursor = page.nextCursor;
      more = page.hasMore;
    }
    const profile = openTestProfile(profileDir, DEMO_ENTERPRISE.code);
    const service = new SyncService({
      api, layouts: new LayoutStore(api), refreshAuthorizations: async () => undefined, profile: () => profile,
      emit: () => undefined, log: silentLogger, pageSize: MAX_CHANGES_PAGE, layoutPrefetch: 0,
    });
    const started = performance.now();
    service.start();
    await service.settled();
    const seconds = (performance.now() - started) / 1000;
    const state = service.current();
    if (state.state !== 'idle') throw new Error(`first sync ended ${state.state}`);
    await profile.db.close();

    // The raw ceiling over the very records the sync stored.
    const synced = openDatabase(join(profileDir, 'cache.sqlite'));
    const ids = (synced.prepare('SELECT certificate_id FROM certificates ORDER BY seq').pluck().all() as string[]);
    const records = ids.map((id) => getCertificate(synced, id)).filter((record): record is CertificateDto => record !== null);
    synced.close();
    const raw = new Database(join(profileDir, 'raw.sqlite'));
    raw.pragma('journal_mode = WAL');
    raw.exec('CREATE TABLE raw (certificate_id TEXT NOT NULL, record TEXT NOT NULL)');
    const insert = raw.prepare('INSERT INTO raw (certificate_id, record) VALUES (?, ?)');
    const rawStarted = performance.now();
    raw.transaction(() => {
      for (const record of records) insert.run(record.certificateId, JSON.stringify(record));
    })();
    const rawSeconds = (performance.now() - rawStarted) / 1000;
    raw.close();
    const rows = records.length;
    // The 10 s target is for 100,000 certificates; at other sizes the figure is scaled to it.
    harness.record({ name: 'first sync over HTTPS, per 100,000 certificates', value: (seconds * 100_000) / rows, unit: 's', max: 10 });
    harness.record({ name: 'first sync rate / raw better-sqlite3 insert rate', value: rawSeconds / seconds, unit: '×', min: 0.4 });
    return { rows, seconds, rawSeconds };
  } finally {
    await sandbox.stop();
    removeTestProfiles();
    rmSync(profileDir, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  }
}

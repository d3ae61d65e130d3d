import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DbClient } from '../../main/db/client';
import { openDatabase, type Db } from '../../main/db/connection';
import { createLogger } from '../../main/log/logger';
import { SOURCE_DB_WORKER } from '../support/app-services';

describe('openDatabase', () => {
  let dir: string | null = null;
  let db: Db | null = null;
  afterEach(() => {
    db?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
    db = null;
    dir = null;
  });

  // The default 2 MB made every sync page read index leaves back from the file once the
  // cache passed ~20,000 certificates (test/bench/cache-write.ts measures the rate).
  it('gives each connection a page cache that holds the indexes a sync page writes into', () => {
    dir = mkdtempSync(join(tmpdir(), 'co-connection-'));
    db = openDatabase(join(dir, 'cache.sqlite'));
    expect(db.pragma('cache_size', { simple: true })).toBe(-65536);
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(16384);
    expect(db.pragma('journal_size_limit', { simple: true })).toBe(67108864);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
  });
});

describe('DbClient', () => {
  // close() terminates the worker, which exits with code 1: every sign-out logged it as a failure.
  it('closes without reporting the worker as failed, and refuses calls afterwards', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'co-client-'));
    const lines: string[] = [];
    const client = new DbClient({ databasePath: join(dir, 'cache.sqlite'), workerPath: SOURCE_DB_WORKER.path, execArgv: SOURCE_DB_WORKER.execArgv }, createLogger((line) => lines.push(line)));
    try {
      expect(await client.call('getSyncCursor')).toBe(0);
      // close() resolves on the worker's exit, after the client's own exit handler ran.
      await client.close();
      expect(lines.filter((line) => line.includes('failed'))).toEqual([]);
      await expect(client.call('getSyncCursor')).rejects.toThrow('database is closed');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

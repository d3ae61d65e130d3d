import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../main/db/connection';

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

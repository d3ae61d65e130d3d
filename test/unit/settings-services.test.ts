// 设置 and 关于 through the app core's IPC dispatch, against real sandboxes over HTTPS,
// real SQLite caches and real files: server switch, cache figures, clear cache, log export.

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFileSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppSettings, CacheInfo, EventName, Result } from '../../preload/contract';
import { createAppCore, type AppCore } from '../../main/app-core';
import { createFileSecretStore } from '../../main/browser/file-secret-store';
import { DbClient } from '../../main/db/client';
import { createLogger, silentLogger } from '../../main/log/logger';
import { startSandbox, type Sandbox } from '../sandbox/server';
import { SOURCE_DB_WORKER, SOURCE_PDF_WORKER, testApi } from '../support/app-services';
import { waitUntil } from '../support/wait';

const TRUSTED = 'app://bundle';
const SENDER = { url: `${TRUSTED}/index.html`, isMainFrame: true };

let root: string;
let sandboxA: Sandbox;
let sandboxB: Sandbox;
/** Its own CA, which the app was not told to trust. */
let sandboxForeign: Sandbox;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'co-settings-svc-'));
  sandboxA = await startSandbox({ dataDir: join(root, 'sandbox-a'), seed: 11, certificateCount: 40, log: () => {} });
  // B is another server that the same extra CA vouches for (as two customs test servers would be).
  const dirB = join(root, 'sandbox-b');
  mkdirSync(dirB, { recursive: true });
  for (const name of ['sandbox-ca.pem', 'sandbox-ca-key.pem']) copyFileSync(join(root, 'sandbox-a', name), join(dirB, name));
  sandboxB = await startSandbox({ dataDir: dirB, seed: 12, certificateCount: 25, log: () => {} });
  sandboxForeign = await startSandbox({ dataDir: join(root, 'sandbox-c'), seed: 13, certificateCount: 5, log: () => {} });
});

afterAll(async () => {
  await Promise.all([sandboxA?.stop(), sandboxB?.stop(), sandboxForeign?.stop()]);
  rmSync(root, { recursive: true, force: true });
});

interface Harness {
  core: AppCore;
  dataDir: string;
  logFile: string;
  downloads: string;
  events: { event: EventName; payload: unknown }[];
  call<T>(channel: string, ...args: unknown[]): Promise<T>;
  raw(channel: string, ...args: unknown[]): Promise<Result<unknown>>;
}

async function startCore(dataDir: string): Promise<Harness> {
  mkdirSync(join(dataDir, 'logs'), { recursive: true });
  const logFile = join(dataDir, 'logs', 'main.log');
  const downloads = join(dataDir, 'downloads');
  const events: Harness['events'] = [];
  // A synchronous sink, so what was logged is in the file when the export reads it.
  const log = createLogger((line) => appendFileSync(logFile, `${line}\n`));
  const core = await createAppCore(
    {
      dataDir,
      emit: (event, payload) => events.push({ event, payload }),
      async saveFile(name, bytes) {
        mkdirSync(downloads, { recursive: true });
        const target = join(downloads, basename(name));
        writeFileSync(target, bytes);
        return target;
      },
      dbWorker: SOURCE_DB_WORKER,
      scanWorker: { path: resolve('test/support/scan-worker-from-source.cjs'), execArgv: [] },
      exportWorker: { path: resolve('test/support/export-worker-from-source.cjs'), execArgv: [] },
      pdfWorker: SOURCE_PDF_WORKER,
      chooseSavePath: async () => null,
      secrets: createFileSecretStore(join(dataDir, 'session.json')),
      log,
      logFile,
      appVersion: '9.8.7',
    },
    { serverUrl: sandboxA.url, caCertPath: sandboxA.caCertPath, trustedOrigin: TRUSTED, card: { kind: 'soft', p12Path: join(root, 'none.p12') } },
  );
  await core.start();
  const raw = (channel: string, ...args: unknown[]) => core.dispatch(channel, args, SENDER);
  return {
    core,
    dataDir,
    logFile,
    downloads,
    events,
    raw,
    async call<T>(channel: string, ...args: unknown[]): Promise<T> {
      const result = await raw(channel, ...args);
      if (!result.ok) throw new Error(`${channel}: ${result.error.code} ${result.error.message}`);
      return result.value as T;
    },
  };
}

async function signInAndSync(app: Harness): Promise<CacheInfo> {
  await app.call('session:login', { username: 'demo', password: 'demo123' });
  await waitUntil('the first sync finished', async () => {
    const state = await app.call<{ state: string; lastSuccessAt?: string | null }>('sync:state');
    return state.state === 'idle' && typeof state.lastSuccessAt === 'string';
  });
  return app.call<CacheInfo>('settings:cache');
}

/** The files' sizes as find(1) lists them, an independent measure of the same folder. */
function du(path: string): number {
  const sizes = execFileSync('find', [path, '-type', 'f', '-printf', '%s\n'], { encoding: 'utf8' }).trim().split('\n');
  return sizes.filter((line) => line !== '').reduce((sum, line) => sum + Number(line), 0);
}

function sha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

describe('server address', () => {
  it('switching signs out and opens the other server’s own cache; the first cache is untouched and back on switching back', async () => {
    const app = await startCore(join(root, 'switch'));
    try {
      const onA = await signInAndSync(app);
      const totalA = (await app.call<{ total: number }>('certificates:search', { offset: 0, limit: 1 })).total;
      expect(totalA).toBeGreaterThan(0);
      expect(onA.certificates).toBe(totalA);
      const dbA = join(onA.location, 'cache.sqlite');

      const switched = await app.call<AppSettings>('settings:setServer', { serverUrl: `${sandboxB.url}/` });
      // Measured once A's cache is closed (its write-ahead log folded into the file).
      const hashA = sha256(dbA);
      expect(switched.serverUrl).toBe(sandboxB.url);
      expect(await app.call('session:current')).toBeNull();
      expect(app.events.some((e) => e.event === 'session:ended')).toBe(true);
      expect((await app.raw('certificates:search', { offset: 0, limit: 1 })).ok).toBe(false);

      const onB = await signInAndSync(app);
      expect(onB.location).not.toBe(onA.location);
      const totalB = (await app.call<{ total: number }>('certificates:search', { offset: 0, limit: 1 })).total;
      expect(onB.certificates).toBe(totalB);
      expect(totalB).not.toBe(totalA);
      // B's sign-in and sync went to B; A's cache sat still meanwhile.
      expect(sha256(dbA)).toBe(hashA);

      await app.call('settings:setServer', { serverUrl: sandboxA.url });
      expect(await app.call('session:current')).toBeNull();
      await app.call('session:login', { username: 'demo', password: 'demo123' });
      const backOnA = await app.call<CacheInfo>('settings:cache');
      expect(backOnA.location).toBe(onA.location);
      // Straight from the cache, before any sync of this sign-in could add to it.
      expect(backOnA.certificates).toBe(totalA);
    } finally {
      await app.core.dispose();
    }
  });

  it('a saved address wins over the configured one at the next start; the session stored for the old server is not taken up', async () => {
    const dataDir = join(root, 'restart');
    const first = await startCore(dataDir);
    await first.call('session:login', { username: 'demo', password: 'demo123' });
    await first.call('settings:setServer', { serverUrl: sandboxB.url });
    await first.core.dispose();

    const second = await startCore(dataDir);
    try {
      expect(await second.call<AppSettings>('settings:get')).toMatchObject({ serverUrl: sandboxB.url, defaultServerUrl: sandboxA.url });
      expect(await second.call('session:current')).toBeNull();
      await second.call('session:login', { username: 'demo', password: 'demo123' });
      expect(sandboxB.control.stats().requests).toBeGreaterThan(0);
      expect((await second.call<{ serverUrl: string }>('app:about')).serverUrl).toBe(sandboxB.url);
    } finally {
      await second.core.dispose();
    }
  });

  it('TLS trust stays as configured: a server whose certificate the extra CA did not sign is refused', async () => {
    const app = await startCore(join(root, 'foreign'));
    try {
      await app.call('settings:setServer', { serverUrl: sandboxForeign.url });
      const before = sandboxForeign.control.stats().requests;
      const login = await app.raw('session:login', { username: 'demo', password: 'demo123' });
      expect(login).toMatchObject({ ok: false, error: { code: 'OFFLINE' } });
      expect(sandboxForeign.control.stats().requests).toBe(before);
    } finally {
      await app.core.dispose();
    }
  });
});

describe('cache figures and clearing the cache', () => {
  it('reports the real files on disk, and refuses to clear while N actions are unsent, then clears and re-syncs', async () => {
    const app = await startCore(join(root, 'cache'));
    try {
      const info = await signInAndSync(app);
      expect(info.location.startsWith(join(app.dataDir, 'profiles'))).toBe(true);
      expect(info.databaseBytes).toBeGreaterThan(0);
      expect(info.layoutsBytes).toBe(du(join(info.location, 'layouts')));
      expect(info.totalBytes).toBe(du(info.location));
      expect(info.databaseBytes + info.layoutsBytes + info.otherBytes).toBe(info.totalBytes);
      expect(info).toMatchObject({ unsentActions: 0, unfinishedPrints: 0 });
      expect(info.lastSyncAt).not.toBeNull();

      // Two answers the server has not received yet, written by a second connection to the
      // profile's database, as a previous run that lost the network would have left them.
      const api = testApi(sandboxA.url, sandboxA.caCertPem);
      const session = await api.login({ username: 'demo', password: 'demo123' });
      api.setToken(session.token);
      const db = new DbClient({ databasePath: join(info.location, 'cache.sqlite'), workerPath: SOURCE_DB_WORKER.path, execArgv: SOURCE_DB_WORKER.execArgv }, silentLogger);
      const printable = sandboxA.control.listPrintable(2, { enterpriseCode: session.user.enterpriseCode });
      expect(printable).toHaveLength(2);
      const now = new Date().toISOString();
      const printIds = printable.map((_, index) => `settings-${Date.now()}-${index}`);
      for (const [index, certificate] of printable.entries()) {
        const printId = printIds[index]!;
        await api.registerPrint({ printId, certificateId: certificate.certificateId, kind: 'copy', printerName: 'SettingsSim' });
        await db.call('insertPrint', { printId, certificateId: certificate.certificateId, certificateNumber: certificate.number, kind: 'copy', printer: 'SettingsSim', onBehalfOf: null, now });
        await db.call('recordConfirmation', { printId, answer: 'yes', spoolerOutcome: 'completed', now });
      }
      expect(await db.call('getPrint', printIds[0]!)).not.toBeNull();
      await db.close();

      const refused = await app.raw('settings:clearCache');
      expect(refused).toMatchObject({ ok: false, error: { code: 'OUTBOX_PENDING', message: expect.stringContaining('还有 2 项操作尚未发送到服务器') } });
      expect((await app.call<CacheInfo>('settings:cache')).unsentActions).toBe(2);
      expect(existsSync(join(info.location, 'cache.sqlite'))).toBe(true);

      // Signing in again delivers them (the outbox flushes at sign-in); then clearing is allowed.
      await app.call('session:logout');
      await app.call('session:login', { username: 'demo', password: 'demo123' });
      await waitUntil('the outbox is empty', async () => (await app.call<CacheInfo>('settings:cache')).unsentActions === 0);
      for (const printId of printIds) expect(sandboxA.control.stats().confirmations[printId]).toMatchObject({ applied: 1 });
      await waitUntil('the sync after sign-in finished', async () => (await app.call<{ state: string }>('sync:state')).state === 'idle');

      const cleared = await app.call<CacheInfo>('settings:clearCache');
      expect(cleared.location).toBe(info.location);
      expect(await app.call('session:current')).not.toBeNull();
      // A fresh database: the prints recorded in the old one are gone with it.
      const fresh = new DbClient({ databasePath: join(info.location, 'cache.sqlite'), workerPath: SOURCE_DB_WORKER.path, execArgv: SOURCE_DB_WORKER.execArgv }, silentLogger);
      for (const printId of printIds) expect(await fresh.call('getPrint', printId)).toBeNull();
      await fresh.close();
      // The cleared cache fills again by itself.
      await waitUntil('the cache was synced again', async () => (await app.call<CacheInfo>('settings:cache')).certificates === info.certificates);
      await waitUntil('the re-sync finished', async () => (await app.call<{ state: string }>('sync:state')).state === 'idle');
    } finally {
      await app.core.dispose();
    }
  });
});

describe('clearing the cache with a print unanswered', () => {
  it('is refused while a print waits for its 是/否, and says how many, without stopping the sync that runs', async () => {
    const app = await startCore(join(root, 'unanswered'));
    try {
      await app.call('session:login', { username: 'demo', password: 'demo123' });
      const { location } = await app.call<CacheInfo>('settings:cache');
      const certificate = sandboxA.control.findPrintable({ enterpriseCode: (await app.call<{ enterpriseCode: string }>('session:current')).enterpriseCode })!;
      const db = new DbClient({ databasePath: join(location, 'cache.sqlite'), workerPath: SOURCE_DB_WORKER.path, execArgv: SOURCE_DB_WORKER.execArgv }, silentLogger);
      const now = new Date().toISOString();
      await db.call('insertPrint', { printId: `unanswered-${Date.now()}`, certificateId: certificate.certificateId, certificateNumber: certificate.number, kind: 'original', printer: 'SettingsSim', onBehalfOf: null, now });
      await db.close();
      expect(await app.call<CacheInfo>('settings:cache')).toMatchObject({ unsentActions: 0, unfinishedPrints: 1 });
      // A sync running (the server slow): a refused clear must not stop it.
      await waitUntil('the sync after sign-in finished', async () => (await app.call<{ state: string }>('sync:state')).state !== 'running');
      sandboxA.control.setFaults({ latencyMs: 1500 });
      try {
        await app.call('sync:start');
        expect(await app.raw('settings:clearCache')).toMatchObject({
          ok: false,
          error: { code: 'OUTBOX_PENDING', message: expect.stringContaining('还有 1 份证书正在打印或等待确认打印结果') },
        });
        expect((await app.call<{ state: string }>('sync:state')).state).toBe('running');
        await waitUntil('the sync ended', async () => (await app.call<{ state: string }>('sync:state')).state !== 'running');
        expect((await app.call<{ state: string }>('sync:state')).state).toBe('idle');
      } finally {
        sandboxA.control.setFaults({ latencyMs: 0 });
      }
      expect(existsSync(join(location, 'cache.sqlite'))).toBe(true);
    } finally {
      await app.core.dispose();
    }
  });
});

describe('log export', () => {
  it('is a real zip with the log and about.txt, and no token, PIN, password or ID number in it', async () => {
    const app = await startCore(join(root, 'logs'));
    try {
      const secrets = { token: 'tok_9f8e7d6c5b4a39281706f5e4d3c2b1a0', pin: '88888888', password: 'hunter2-secret', idNumber: '110101199003074512' };
      // Through the logger (fields and free text), and a line as an older version might have written it.
      const log = createLogger((line) => appendFileSync(app.logFile, `${line}\n`)).child('test');
      log.info('user typed', secrets);
      log.warn(`login failed for 110101199003074512 with password=${secrets.password} pin ${secrets.pin}`);
      appendFileSync(app.logFile, `2026-01-01T00:00:00.000Z INFO [old] {"token":"${secrets.token}","password":"${secrets.password}","pin":"${secrets.pin}"} Bearer ${secrets.token} id 11010119900307451X\n`);
      appendFileSync(app.logFile, `2026-01-01T00:00:00.000Z INFO [old] session ${secrets.token}\n`);

      const saved = await app.call<{ savedTo: string }>('settings:exportLogs');
      expect(saved.savedTo).toMatch(/原产地证书客户端日志-\d{8}-\d{6}\.zip$/);
      const bytes = readFileSync(saved.savedTo);
      const entries = unzipSync(new Uint8Array(bytes));
      expect(Object.keys(entries).sort()).toEqual(['about.txt', 'main.log']);
      const text = strFromU8(entries['main.log']!);
      expect(text).toContain('[test] user typed');
      expect(text).toContain('started');
      for (const secret of [...Object.values(secrets), '11010119900307451X']) expect(text).not.toContain(secret);
      expect(strFromU8(entries['about.txt']!)).toContain('version: 9.8.7');

      const listing = execFileSync('unzip', ['-l', saved.savedTo], { encoding: 'utf8' });
      expect(listing).toMatch(/main\.log/);
      expect(listing).toMatch(/about\.txt/);
    } finally {
      await app.core.dispose();
    }
  });
});

describe('IPC validation of 设置', () => {
  it('refuses bad input with Chinese messages and changes nothing', async () => {
    const app = await startCore(join(root, 'ipc'));
    try {
      const before = await app.call<AppSettings>('settings:get');
      for (const serverUrl of ['http://co.example.cn', 'co.example.cn', '', 'https://user:pw@co.example.cn', 'file:///etc/passwd']) {
        const result = await app.raw('settings:setServer', { serverUrl });
        expect(result, serverUrl).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', message: expect.stringMatching(/服务器地址不正确/) } });
      }
      for (const [channel, args] of [
        ['settings:setServer', [{ serverUrl: 42 }]],
        ['settings:setServer', [{ serverUrl: 'https://a.example', extra: 1 }]],
        ['settings:setServer', [{ serverUrl: `https://${'a'.repeat(3000)}.cn` }]],
        ['settings:setLanguage', [{ language: 'fr-FR' }]],
        ['settings:setLanguage', []],
      ] as const) {
        const result = await app.core.dispatch(channel, args, SENDER);
        expect(result, channel).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', message: '参数不正确,操作未执行。' } });
      }
      // Signed out: the cache and the printer are the signed-in user's.
      for (const channel of ['settings:cache', 'settings:clearCache']) {
        expect(await app.raw(channel)).toMatchObject({ ok: false, error: { code: 'NOT_SIGNED_IN', message: '请先登录。' } });
      }
      expect(await app.raw('settings:setPrinter', { printer: 'X' })).toMatchObject({ ok: false, error: { code: 'NOT_SIGNED_IN' } });
      expect(await app.call<AppSettings>('settings:get')).toEqual(before);
      expect(existsSync(join(app.dataDir, 'settings.json'))).toBe(false);
      // The language, like the server, can be set before sign-in; 关于 answers without a cache.
      expect(await app.call<AppSettings>('settings:setLanguage', { language: 'en-US' })).toMatchObject({ language: 'en-US' });
      expect(await app.call('app:about')).toEqual({ version: '9.8.7', serverUrl: sandboxA.url, cache: null });

      // Signed in, the arguments are checked too.
      await app.call('session:login', { username: 'demo', password: 'demo123' });
      for (const [channel, args] of [
        ['settings:setPrinter', [{ printer: '' }]],
        ['settings:setPrinter', [{ printer: 'x'.repeat(200) }]],
        ['settings:cache', [1]],
      ] as const) {
        expect(await app.core.dispatch(channel, args, SENDER), channel).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
      }
      expect(await app.call<AppSettings>('settings:setPrinter', { printer: 'SettingsDuplex' })).toMatchObject({ defaultPrinter: 'SettingsDuplex', language: 'en-US' });
      const about = await app.call<{ cache: CacheInfo | null }>('app:about');
      expect(about.cache?.location).toContain(join(app.dataDir, 'profiles'));
    } finally {
      await app.core.dispose();
    }
  });
});

import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserWindow } from 'electron';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_SERVER_URL, loadAppConfig } from '../../main/electron/config';
import { createChooseSavePath, createSaveFile, safeFileName } from '../../main/electron/dialogs';
import { createSecretStore } from '../../main/electron/secret-store';
import { createUpdater, UPDATE_ERROR_MESSAGE, type UpdaterLike } from '../../main/electron/updater';
import { silentLogger } from '../../main/log/logger';

const fake = vi.hoisted(() => ({
  downloads: '/home/user/Downloads',
  dialog: { showSaveDialog: vi.fn() },
  // A reversible stand-in for the OS key store.
  safeStorage: {
    backend: 'gnome_libsecret' as string,
    available: true,
    getSelectedStorageBackend: () => fake.safeStorage.backend,
    isAsyncEncryptionAvailable: async () => fake.safeStorage.available,
    encryptStringAsync: async (text: string) => Buffer.from(`enc:${Buffer.from(text).toString('base64')}`),
    decryptStringAsync: async (data: Buffer) => {
      const text = data.toString();
      if (!text.startsWith('enc:')) throw new Error('cannot decrypt');
      return { result: Buffer.from(text.slice(4), 'base64').toString(), shouldReEncrypt: false };
    },
  },
}));

// Hoisted above the imports by vitest.
vi.mock('electron', () => ({
  app: { getPath: (name: string) => (name === 'downloads' ? fake.downloads : '/nowhere') },
  dialog: fake.dialog,
  safeStorage: fake.safeStorage,
}));

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'co-adapters-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('loadAppConfig', () => {
  const load = (env: NodeJS.ProcessEnv) => loadAppConfig({ dataDir: dir, env, trustedOrigin: 'app://bundle', log: silentLogger });

  it('defaults to the sandbox, trusts only the system CAs and signs with the e-port control on 127.0.0.1:61232', async () => {
    expect(await load({})).toEqual({
      serverUrl: DEFAULT_SERVER_URL,
      caCertPath: null,
      card: { kind: 'eport', url: 'ws://127.0.0.1:61232/' },
      trustedOrigin: 'app://bundle',
    });
    expect(DEFAULT_SERVER_URL).toBe('https://127.0.0.1:8443');
  });

  it('takes the server and CA from the environment', async () => {
    expect(await load({ CO_SERVER_URL: 'https://co.example/api/', CO_CA_CERT: '/tmp/ca.pem', CO_SOFT_CARD: '/tmp/card.p12' })).toMatchObject({
      serverUrl: 'https://co.example/api',
      caCertPath: '/tmp/ca.pem',
      card: { kind: 'soft', p12Path: '/tmp/card.p12' },
    });
    expect((await load({ CO_CARD_SERVICE_URL: 'ws://127.0.0.1:4100' })).card).toEqual({ kind: 'eport', url: 'ws://127.0.0.1:4100/' });
  });

  it('refuses a card service anywhere but on this machine, the PIN would go there', async () => {
    for (const url of ['ws://192.0.2.1:61232', 'wss://127.0.0.1:61232', 'ws://127.0.0.1.example:61232', 'http://127.0.0.1:61232', 'not a url']) {
      await expect(load({ CO_CARD_SERVICE_URL: url })).rejects.toThrow(/card service/);
    }
  });

  it('gives the configured default only: an address saved in settings.json is the settings store’s to apply', async () => {
    writeFileSync(join(dir, 'settings.json'), JSON.stringify({ serverUrl: 'https://from-file.example' }));
    expect((await load({})).serverUrl).toBe(DEFAULT_SERVER_URL);
    expect((await load({ CO_SERVER_URL: 'https://co.example/' })).serverUrl).toBe('https://co.example');
  });

  it('refuses a non-https CO_SERVER_URL', async () => {
    await expect(load({ CO_SERVER_URL: 'http://co.example' })).rejects.toThrow(/https/);
  });
});

describe('saveFile', () => {
  const window = { isDestroyed: () => false } as unknown as BrowserWindow;

  it('suggests the Downloads folder with a PDF filter and writes the bytes where the user chose', async () => {
    const target = join(dir, 'chosen.pdf');
    fake.dialog.showSaveDialog.mockResolvedValueOnce({ canceled: false, filePath: target });
    const saved = await createSaveFile(() => window)('E24-0001.pdf', new Uint8Array([37, 80, 68, 70]));
    expect(saved).toBe(target);
    expect(readFileSync(target, 'latin1')).toBe('%PDF');
    const [parent, options] = fake.dialog.showSaveDialog.mock.calls.at(-1) ?? [];
    expect(parent).toBe(window);
    expect(options).toMatchObject({
      defaultPath: join(fake.downloads, 'E24-0001.pdf'),
      filters: expect.arrayContaining([{ name: expect.any(String), extensions: ['pdf'] }]),
    });
  });

  it('offers a ZIP filter first for the support log archive', async () => {
    const target = join(dir, 'logs.zip');
    fake.dialog.showSaveDialog.mockResolvedValueOnce({ canceled: false, filePath: target });
    await createSaveFile(() => window)('原产地证书客户端日志-20260101-000000.zip', new Uint8Array([80, 75, 5, 6]));
    const [, options] = fake.dialog.showSaveDialog.mock.calls.at(-1) ?? [];
    expect((options as { filters: { extensions: string[] }[] }).filters[0]?.extensions).toEqual(['zip']);
  });

  it('returns null and writes nothing when the user cancels', async () => {
    fake.dialog.showSaveDialog.mockResolvedValueOnce({ canceled: true, filePath: '' });
    expect(await createSaveFile(() => null)('a.pdf', new Uint8Array([1]))).toBeNull();
  });

  it('keeps a suggested name from leaving the folder or using reserved characters', () => {
    expect(safeFileName('../../etc/passwd')).toBe('passwd');
    expect(safeFileName('..\\..\\Windows\\win.ini')).toBe('win.ini');
    expect(safeFileName('E24:0001?.pdf')).toBe('E24_0001_.pdf');
    expect(safeFileName('..')).toBe('document.pdf');
  });
});

// 导出证书: the dialog only answers with a path; the export worker writes the file.
describe('chooseSavePath', () => {
  const window = { isDestroyed: () => false } as unknown as BrowserWindow;
  const xlsx = { name: 'Excel 工作簿', extensions: ['xlsx'] };

  it('asks modally, in Downloads, with the given filter, and writes nothing itself', async () => {
    const target = join(dir, 'chosen.xlsx');
    fake.dialog.showSaveDialog.mockResolvedValueOnce({ canceled: false, filePath: target });
    expect(await createChooseSavePath(() => window)('原产地证书-20260101.xlsx', xlsx)).toBe(target);
    expect(existsSync(target)).toBe(false);
    const [parent, options] = fake.dialog.showSaveDialog.mock.calls.at(-1) ?? [];
    expect(parent).toBe(window);
    expect(options).toMatchObject({
      title: '导出证书',
      defaultPath: join(fake.downloads, '原产地证书-20260101.xlsx'),
      filters: [xlsx],
      properties: expect.arrayContaining(['showOverwriteConfirmation']),
    });
  });

  it('answers null when the user cancels, and asks without a parent when the window is gone', async () => {
    fake.dialog.showSaveDialog.mockResolvedValueOnce({ canceled: true, filePath: '' });
    expect(await createChooseSavePath(() => null)('a.xlsx', xlsx)).toBeNull();
    const [options] = fake.dialog.showSaveDialog.mock.calls.at(-1) ?? [];
    expect(options).toMatchObject({ filters: [xlsx] });
  });
});

describe('secret store', () => {
  beforeEach(() => {
    fake.safeStorage.backend = 'gnome_libsecret';
    fake.safeStorage.available = true;
  });

  it('round-trips a secret, encrypted on disk and readable only by the user', async () => {
    const file = join(dir, 'secrets', 'session');
    const store = createSecretStore(file, silentLogger);
    await store.write('token-123');
    expect(readFileSync(file, 'utf8')).not.toContain('token-123');
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o077).toBe(0);
    expect(await store.read()).toBe('token-123');
    await store.clear();
    expect(await store.read()).toBeNull();
  });

  it.runIf(process.platform === 'linux')('refuses the basic_text backend, which is not encryption', async () => {
    fake.safeStorage.backend = 'basic_text';
    const store = createSecretStore(join(dir, 'session'), silentLogger);
    expect(await store.isAvailable()).toBe(false);
    await expect(store.write('token')).rejects.toThrow(/not available/);
    expect(existsSync(join(dir, 'session'))).toBe(false);
  });

  it('refuses when encryption is unavailable', async () => {
    fake.safeStorage.available = false;
    await expect(createSecretStore(join(dir, 'session'), silentLogger).write('token')).rejects.toThrow();
  });

  it('discards a secret it can no longer decrypt', async () => {
    const file = join(dir, 'session');
    writeFileSync(file, 'garbage');
    expect(await createSecretStore(file, silentLogger).read()).toBeNull();
    expect(existsSync(file)).toBe(false);
  });
});

describe('updater', () => {
  function fakeUpdater() {
    const listeners = new Map<string, (...args: never[]) => void>();
    const updater = {
      logger: null,
      on: (event: string, listener: (...args: never[]) => void) => {
        listeners.set(event, listener);
        return updater;
      },
      checkForUpdates: vi.fn(async () => null),
    };
    const fire = (event: string, ...args: unknown[]) => (listeners.get(event) as ((...a: unknown[]) => void) | undefined)?.(...args);
    return { updater: updater as unknown as UpdaterLike, fire, check: updater.checkForUpdates };
  }

  it('does not check when the app is not packaged', () => {
    const load = vi.fn(async () => fakeUpdater().updater);
    createUpdater({ log: silentLogger, isPackaged: false, load }).start();
    expect(load).not.toHaveBeenCalled();
  });

  it('checks once when packaged and follows the updater through its states', async () => {
    const { updater, fire, check } = fakeUpdater();
    const states: string[] = [];
    const instance = createUpdater({ log: silentLogger, isPackaged: true, load: async () => updater, onState: (s) => states.push(s.state) });
    instance.start();
    await vi.waitFor(() => expect(check).toHaveBeenCalledOnce());
    fire('checking-for-update');
    fire('update-available', { version: '0.2.0' });
    fire('download-progress', { percent: 42 });
    fire('update-downloaded', { version: '0.2.0' });
    expect(states).toEqual(['checking', 'available', 'downloading', 'downloaded']);
    expect(instance.state()).toEqual({ state: 'downloaded', version: '0.2.0', notes: '' });
  });

  it('reports a failed check as an error state instead of throwing', async () => {
    const instance = createUpdater({ log: silentLogger, isPackaged: true, load: async () => Promise.reject(new Error('offline')) });
    instance.start();
    await vi.waitFor(() => expect(instance.state()).toEqual({ state: 'error', message: UPDATE_ERROR_MESSAGE }));
  });
});

import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../main/log/logger';
import { normalizeServerUrl, SettingsStore } from '../../main/services/settings/settings-store';

const DEFAULT_URL = 'https://127.0.0.1:8443';
let dir: string;
let lines: string[];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'co-settings-'));
  lines = [];
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const store = () => new SettingsStore({ dataDir: dir, defaultServerUrl: DEFAULT_URL, log: createLogger((line) => lines.push(line)) });
const file = () => join(dir, 'settings.json');

describe('SettingsStore', () => {
  it('starts from the defaults without a file: the configured server, no printer, Chinese', async () => {
    expect(await store().load()).toEqual({ serverUrl: DEFAULT_URL, defaultServerUrl: DEFAULT_URL, defaultPrinter: null, language: 'zh-CN' });
    expect(lines).toEqual([]);
  });

  it('saves every field, and a new store (the next start) reads them back; a saved server wins over the default', async () => {
    const first = store();
    await first.load();
    await first.update({ serverUrl: ' https://co.example.cn/ ', defaultPrinter: 'Office Duplex', language: 'en-US' });
    const again = await store().load();
    expect(again).toEqual({ serverUrl: 'https://co.example.cn', defaultServerUrl: DEFAULT_URL, defaultPrinter: 'Office Duplex', language: 'en-US' });
    // Saving the default address itself goes back to following the configured default.
    await first.update({ serverUrl: `${DEFAULT_URL}/` });
    expect(JSON.parse(readFileSync(file(), 'utf8'))).toMatchObject({ serverUrl: null });
  });

  it('writes through a temporary file and a rename: no temporary file stays, and concurrent changes all land in order', async () => {
    const settings = store();
    await settings.load();
    await Promise.all([
      settings.update({ defaultPrinter: 'A' }),
      settings.update({ language: 'en-US' }),
      settings.update({ defaultPrinter: 'B' }),
    ]);
    expect(readdirSync(dir)).toEqual(['settings.json']);
    expect(JSON.parse(readFileSync(file(), 'utf8'))).toMatchObject({ defaultPrinter: 'B', language: 'en-US' });
    expect((await store().load()).defaultPrinter).toBe('B');
  });

  it('keeps the old file and the old values when the write cannot complete', async () => {
    const settings = store();
    await settings.load();
    await settings.update({ defaultPrinter: 'Kept' });
    // A directory under the file's name makes the rename fail after the temporary file was written.
    rmSync(file());
    mkdirSync(join(file(), 'occupied'), { recursive: true });
    await expect(settings.update({ defaultPrinter: 'Lost' })).rejects.toMatchObject({ code: 'INTERNAL', message: expect.stringMatching(/设置未能保存/) });
    expect(settings.get().defaultPrinter).toBe('Kept');
    expect(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('a corrupt file gives the defaults and a log line, never a failed start', async () => {
    for (const body of ['{ not json', '[1,2]', '"text"', '', '\u0000\u0001binary']) {
      writeFileSync(file(), body);
      lines = [];
      expect(await store().load()).toMatchObject({ serverUrl: DEFAULT_URL, defaultPrinter: null, language: 'zh-CN' });
      expect(lines.join('\n')).toMatch(/WARN .*settings file/);
    }
  });

  it('a bad field costs that field only', async () => {
    writeFileSync(file(), JSON.stringify({ serverUrl: 'http://plain.example', defaultPrinter: 'Office', language: 'fr-FR' }));
    expect(await store().load()).toMatchObject({ serverUrl: DEFAULT_URL, defaultPrinter: 'Office', language: 'zh-CN' });
    expect(lines.join('\n')).toMatch(/not an https URL/);
    writeFileSync(file(), JSON.stringify({ serverUrl: 'https://ok.example', defaultPrinter: 42, language: 'en-US' }));
    expect(await store().load()).toMatchObject({ serverUrl: 'https://ok.example', defaultPrinter: null, language: 'en-US' });
  });

  it('refuses a server address that is not a plain https URL with a Chinese message, and changes nothing', async () => {
    const settings = store();
    await settings.load();
    await settings.update({ serverUrl: 'https://kept.example' });
    const before = readFileSync(file(), 'utf8');
    for (const bad of ['http://co.example.cn', 'ftp://co.example.cn', 'co.example.cn', '', '   ', 'https://', 'https://user:pw@co.example.cn', 'https://co.example.cn/?x=1', 'https://co.example.cn/api', 'javascript:alert(1)', `https://${'a'.repeat(2050)}.cn`]) {
      await expect(settings.update({ serverUrl: bad }), bad).rejects.toMatchObject({
        code: 'INVALID_ARGUMENT',
        message: expect.stringMatching(/服务器地址不正确.*https:\/\//),
      });
    }
    await expect(settings.update({ language: 'fr-FR' as never })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: '不支持该语言。' });
    await expect(settings.update({ defaultPrinter: '' })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: '打印机名称不正确。' });
    expect(readFileSync(file(), 'utf8')).toBe(before);
    expect(settings.get().serverUrl).toBe('https://kept.example');
  });

  it('normalizes addresses to their origin, and refuses a path the client could not use', () => {
    expect(normalizeServerUrl('https://CO.Example.cn:8443/')).toBe('https://co.example.cn:8443');
    expect(normalizeServerUrl('https://co.example.cn//')).toBe('https://co.example.cn');
    expect(normalizeServerUrl('https://co.example.cn/a/b//')).toBeNull();
    expect(normalizeServerUrl('https://co.example.cn#x')).toBeNull();
  });
});

// The workstation's settings (设置): server address, default printer, language. One small
// JSON file in the data folder, shared by every user of this workstation. It is written
// atomically (temporary file, then rename), so a crash mid-write leaves the old file or
// the new one, never half of one. A file that does not parse gives the defaults and a log
// line, never a failed start: the user can always reach 设置 and correct it.

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { LANGUAGES, type AppSettings, type Language } from '../../../preload/contract';
import { AppFailure } from '../../core/errors';
import type { Logger } from '../../log/logger';
import { writeFileAtomically } from '../storage/atomic-file';

export const SETTINGS_FILE = 'settings.json';

/** Any change of the server address goes through here, from the renderer, a file or the environment. */
export function normalizeServerUrl(value: string): string | null {
  const trimmed = value.trim();
  if (trimmed === '' || trimmed.length > 2048) return null;
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return null;
  }
  // A user name or password in the address would be sent to whoever answers, and logged.
  if (url.protocol !== 'https:' || url.hostname === '' || url.username !== '' || url.password !== '') return null;
  // The API's paths are fixed under the origin (the client keeps only the origin), so a path would be silently dropped.
  if (url.search !== '' || url.hash !== '' || url.pathname.replace(/\/+$/, '') !== '') return null;
  return url.origin;
}

export const SERVER_URL_REFUSAL = '服务器地址不正确:请输入以 https:// 开头的服务器地址,不含路径,例如 https://co.example.cn。';

const languageSchema = z.enum(LANGUAGES as [Language, ...Language[]]);
const printerSchema = z.string().min(1).max(127);

/** Each field is read on its own: one bad value costs that value, not the others. */
const fileSchema = z.object({
  serverUrl: z.unknown().optional(),
  defaultPrinter: z.unknown().optional(),
  language: z.unknown().optional(),
});

export interface StoredSettings {
  /** null: none saved, the installation's default applies. */
  serverUrl: string | null;
  defaultPrinter: string | null;
  language: Language;
}

const EMPTY: StoredSettings = { serverUrl: null, defaultPrinter: null, language: 'zh-CN' };

export class SettingsStore {
  private stored: StoredSettings = EMPTY;
  private writing: Promise<void> = Promise.resolve();
  readonly path: string;

  constructor(
    private readonly deps: {
      dataDir: string;
      /** CO_SERVER_URL (development, tests) or the built-in address; a saved address wins. */
      defaultServerUrl: string;
      log: Logger;
    },
  ) {
    this.path = join(deps.dataDir, SETTINGS_FILE);
  }

  /** Reads the file once at start; missing or broken files give the defaults. */
  async load(): Promise<AppSettings> {
    this.stored = await this.read();
    return this.get();
  }

  get(): AppSettings {
    return {
      serverUrl: this.stored.serverUrl ?? this.deps.defaultServerUrl,
      defaultServerUrl: this.deps.defaultServerUrl,
      defaultPrinter: this.stored.defaultPrinter,
      language: this.stored.language,
    };
  }

  /** Saves a change; refuses an address that is not https with a Chinese message and changes nothing. */
  async update(patch: Partial<StoredSettings>): Promise<AppSettings> {
    const checked = this.check(patch);
    // One write at a time, in call order, each over the one before: two quick changes
    // must neither overtake nor undo each other on disk.
    const write = this.writing.then(async () => {
      const next: StoredSettings = { ...this.stored, ...checked };
      await this.write(next);
      this.stored = next;
      return this.get();
    });
    this.writing = write.then(
      () => undefined,
      () => undefined,
    );
    return write;
  }

  private check(patch: Partial<StoredSettings>): Partial<StoredSettings> {
    const checked: Partial<StoredSettings> = {};
    if (patch.serverUrl !== undefined) {
      if (patch.serverUrl === null) checked.serverUrl = null;
      else {
        const url = normalizeServerUrl(patch.serverUrl);
        if (url === null) throw new AppFailure('INVALID_ARGUMENT', SERVER_URL_REFUSAL);
        // Saving the default itself keeps following the installation's default.
        checked.serverUrl = url === this.deps.defaultServerUrl ? null : url;
      }
    }
    if (patch.defaultPrinter !== undefined) {
      if (patch.defaultPrinter !== null && !printerSchema.safeParse(patch.defaultPrinter).success) {
        throw new AppFailure('INVALID_ARGUMENT', '打印机名称不正确。');
      }
      checked.defaultPrinter = patch.defaultPrinter;
    }
    if (patch.language !== undefined) {
      if (!languageSchema.safeParse(patch.language).success) throw new AppFailure('INVALID_ARGUMENT', '不支持该语言。');
      checked.language = patch.language;
    }
    return checked;
  }

  private async read(): Promise<StoredSettings> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') this.deps.log.warn('settings file unreadable; using the defaults', { reason: String(error) });
      return EMPTY;
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      this.deps.log.warn('settings file is not JSON; using the defaults', { path: this.path });
      return EMPTY;
    }
    const parsed = fileSchema.safeParse(json);
    if (!parsed.success) {
      this.deps.log.warn('settings file is not an object; using the defaults', { path: this.path });
      return EMPTY;
    }
    const { serverUrl, defaultPrinter, language } = parsed.data;
    const url = typeof serverUrl === 'string' ? normalizeServerUrl(serverUrl) : null;
    if (serverUrl !== undefined && serverUrl !== null && url === null) this.deps.log.warn('saved server address is not an https URL; using the default');
    const printer = printerSchema.safeParse(defaultPrinter);
    const lang = languageSchema.safeParse(language);
    return {
      serverUrl: url,
      defaultPrinter: printer.success ? printer.data : null,
      language: lang.success ? lang.data : 'zh-CN',
    };
  }

  private async write(settings: StoredSettings): Promise<void> {
    try {
      await writeFileAtomically(this.path, `${JSON.stringify({ version: 1, ...settings }, null, 2)}\n`, { mode: 0o600 });
    } catch (error) {
      this.deps.log.error('saving the settings failed', error);
      throw new AppFailure('INTERNAL', '设置未能保存,请检查数据目录是否可写。');
    }
  }
}

// 设置: the workstation's settings as the renderer changes them. A new server address
// signs the user out (the session and its cache belong to the old server) and points
// the HTTPS client at the new one; the next sign-in opens that server's own cache.

import type { AppSettings, Language } from '../../../preload/contract';
import { AppFailure } from '../../core/errors';
import type { Logger } from '../../log/logger';
import { normalizeServerUrl, SERVER_URL_REFUSAL, type SettingsStore } from './settings-store';

export interface SettingsServiceDeps {
  store: SettingsStore;
  /** Points the HTTPS client at another server (ApiClient.setBaseUrl). */
  setBaseUrl(url: string): void;
  /** Signs out before the switch; the old server is told if it answers quickly. */
  signOut(): Promise<void>;
  log: Logger;
}

export class SettingsService {
  constructor(private readonly deps: SettingsServiceDeps) {}

  get(): AppSettings {
    return this.deps.store.get();
  }

  serverOrigin(): string {
    return new URL(this.deps.store.get().serverUrl).origin;
  }

  async setServer(serverUrl: string): Promise<AppSettings> {
    const url = normalizeServerUrl(serverUrl);
    if (url === null) throw new AppFailure('INVALID_ARGUMENT', SERVER_URL_REFUSAL);
    const before = this.deps.store.get().serverUrl;
    if (new URL(url).origin !== new URL(before).origin) await this.deps.signOut();
    const next = await this.deps.store.update({ serverUrl: url });
    this.deps.setBaseUrl(next.serverUrl);
    if (next.serverUrl !== before) this.deps.log.info('server changed', { server: new URL(next.serverUrl).origin });
    return next;
  }

  setPrinter(printer: string | null): Promise<AppSettings> {
    return this.deps.store.update({ defaultPrinter: printer });
  }

  setLanguage(language: Language): Promise<AppSettings> {
    return this.deps.store.update({ language });
  }
}

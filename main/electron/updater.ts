// Automatic updates through electron-updater (generic provider, see electron-builder.yml).
// Only a packaged app checks: an unpackaged one has no app-update.yml and nothing to
// replace. Every state (the contract's UpdateState) is pushed to the renderer, where
// 版本说明 shows the new version's notes.

import type { AppUpdater, UpdateInfo } from 'electron-updater';
import type { UpdateState } from '../../preload/contract';
import type { Logger } from '../log/logger';

export type { UpdateState };

/** What the renderer is told when an update fails; the details go to the log only. */
export const UPDATE_ERROR_MESSAGE = '自动更新未完成,将在下次启动时重试。';
/** Notes longer than this are cut: the feed is not trusted to be small. */
export const MAX_NOTES_CHARS = 20_000;

export type UpdaterLike = Pick<AppUpdater, 'on' | 'checkForUpdates' | 'logger'>;

export interface Updater {
  /** Checks once, in the background; never throws. */
  start(): void;
  state(): UpdateState;
}

export function createUpdater(collaborators: {
  log: Logger;
  isPackaged: boolean;
  onState?: (state: UpdateState) => void;
  /** Injected by tests; loading electron-updater needs a real Electron. */
  load?: () => Promise<UpdaterLike>;
}): Updater {
  const { log, isPackaged, onState } = collaborators;
  const load = collaborators.load ?? loadAutoUpdater;
  let current: UpdateState = { state: 'idle' };
  let lastLoggedBucket = -1;
  let lastPushedPercent = -1;

  const set = (next: UpdateState) => {
    current = next;
    // Progress arrives many times a second; log it in steps of ten percent, push it in whole percents.
    const percent = next.state === 'downloading' ? Math.floor(next.percent) : -1;
    const bucket = percent === -1 ? -1 : Math.floor(percent / 10);
    if (bucket === -1 || bucket !== lastLoggedBucket) {
      log.info('update state', { state: next.state, ...('version' in next ? { version: next.version } : {}), ...(percent >= 0 ? { percent } : {}) });
    }
    lastLoggedBucket = bucket;
    if (percent !== -1 && percent === lastPushedPercent) return;
    lastPushedPercent = percent;
    onState?.(next);
  };

  return {
    state: () => current,
    start() {
      if (!isPackaged) {
        log.info('not packaged: update check skipped');
        return;
      }
      void (async () => {
        try {
          const updater = await load();
          updater.logger = {
            info: (message?: unknown) => log.info(String(message)),
            warn: (message?: unknown) => log.warn(String(message)),
            error: (message?: unknown) => log.error(String(message)),
          };
          let found: { version: string; notes: string } | null = null;
          updater.on('checking-for-update', () => set({ state: 'checking' }));
          updater.on('update-not-available', () => set({ state: 'idle' }));
          updater.on('update-available', (info) => {
            found = describe(info);
            set({ state: 'available', ...found });
          });
          updater.on('download-progress', (progress) => {
            const percent = Math.min(100, Math.max(0, Number.isFinite(progress.percent) ? progress.percent : 0));
            set({ state: 'downloading', version: found?.version ?? '', notes: found?.notes ?? '', percent });
          });
          updater.on('update-downloaded', (info) => set({ state: 'downloaded', ...describe(info) }));
          updater.on('error', (error) => {
            log.error('update failed', error);
            set({ state: 'error', message: UPDATE_ERROR_MESSAGE });
          });
          await updater.checkForUpdates();
        } catch (error) {
          log.error('update check failed', error);
          set({ state: 'error', message: UPDATE_ERROR_MESSAGE });
        }
      })();
    },
  };
}

/** The version and its notes as plain text: the feed's HTML is never rendered. */
export function describe(info: Pick<UpdateInfo, 'version' | 'releaseNotes'>): { version: string; notes: string } {
  const raw = info.releaseNotes;
  let notes: string;
  if (typeof raw === 'string') notes = raw;
  else if (Array.isArray(raw)) notes = raw.map((entry) => `${entry.version}\n${entry.note ?? ''}`).join('\n\n');
  else notes = '';
  return { version: String(info.version).slice(0, 64), notes: plainText(notes).slice(0, MAX_NOTES_CHARS) };
}

function plainText(html: string): string {
  return html
    .replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, '')
    .replace(/<\s*(br|\/p|\/li|\/h\d)\s*\/?>/gi, '\n')
    .replace(/<li[^>]*>/gi, '• ')
    .replace(/<[^>]*>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/**
 * Loaded on demand, so an unpackaged run never loads it. electron-updater defines
 * `autoUpdater` as a getter that Node's CommonJS export detection misses: under a
 * native import() it is reachable only through `default`.
 */
async function loadAutoUpdater(): Promise<UpdaterLike> {
  type Module = typeof import('electron-updater');
  const module = (await import('electron-updater')) as Module & { default?: Module };
  return module.autoUpdater ?? module.default?.autoUpdater;
}

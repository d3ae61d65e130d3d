// Automatic updates through electron-updater (generic provider, see electron-builder.yml).
// Only a packaged app checks: an unpackaged one has no app-update.yml and nothing to
// replace. The state is logged for now; it is pushed to the renderer once the contract
// has an update event (wired later, in main/index.ts).

import type { AppUpdater } from 'electron-updater';
import type { Logger } from '../log/logger';

/**
 * The updater's life. Transitions:
 *   idle → checking → not-available
 *                   → available → downloading → downloaded (installed on quit)
 *   checking | available | downloading → error
 */
export type UpdateState =
  | { state: 'idle' }
  | { state: 'checking' }
  | { state: 'not-available' }
  | { state: 'available'; version: string }
  | { state: 'downloading'; percent: number }
  | { state: 'downloaded'; version: string }
  | { state: 'error'; message: string };

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

  const set = (next: UpdateState) => {
    current = next;
    // Progress arrives many times a second; log it in steps of ten percent.
    const bucket = next.state === 'downloading' ? Math.floor(next.percent / 10) : -1;
    if (bucket === -1 || bucket !== lastLoggedBucket) log.info('update state', next);
    lastLoggedBucket = bucket;
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
          updater.on('checking-for-update', () => set({ state: 'checking' }));
          updater.on('update-not-available', () => set({ state: 'not-available' }));
          updater.on('update-available', (info) => set({ state: 'available', version: info.version }));
          updater.on('download-progress', (progress) => set({ state: 'downloading', percent: progress.percent }));
          updater.on('update-downloaded', (info) => set({ state: 'downloaded', version: info.version }));
          updater.on('error', (error) => set({ state: 'error', message: error.message }));
          await updater.checkForUpdates();
        } catch (error) {
          log.error('update check failed', error);
          set({ state: 'error', message: error instanceof Error ? error.message : String(error) });
        }
      })();
    },
  };
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

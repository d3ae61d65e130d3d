// The window's size, position and maximized state, remembered between runs in a JSON
// file in userData (as VS Code and Element do). Saved after moves and resizes settle
// and when the window closes; restored at start unless the saved place is on no
// display any more (a monitor unplugged, a laptop undocked), where the window would
// open out of reach.

import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { BrowserWindow, Rectangle } from 'electron';
import { z } from 'zod';
import type { Logger } from '../log/logger';

export interface WindowState {
  bounds: Rectangle;
  maximized: boolean;
}

const rectangle = z.object({
  x: z.number().int().min(-100_000).max(100_000),
  y: z.number().int().min(-100_000).max(100_000),
  width: z.number().int().min(1).max(100_000),
  height: z.number().int().min(1).max(100_000),
});
const stateSchema = z.object({ bounds: rectangle, maximized: z.boolean() });

/** How much of the window (its top strip, where the title bar is) must lie on a display to count as reachable. */
const MIN_VISIBLE = { width: 160, height: 40 };
export const SAVE_DEBOUNCE_MS = 500;

/** The saved state if it is sound and on a display; null for the default placement. */
export function loadWindowState(file: string, workAreas: readonly Rectangle[], minimum: { width: number; height: number }, log: Logger): WindowState | null {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return null;
  }
  let json: unknown;
  try {
    json = JSON.parse(text) as unknown;
  } catch {
    json = undefined;
  }
  const parsed = stateSchema.safeParse(json);
  if (!parsed.success) {
    log.warn('window state unreadable: default placement');
    return null;
  }
  const { maximized } = parsed.data;
  const bounds = { ...parsed.data.bounds, width: Math.max(parsed.data.bounds.width, minimum.width), height: Math.max(parsed.data.bounds.height, minimum.height) };
  const titleStrip: Rectangle = { x: bounds.x, y: bounds.y, width: bounds.width, height: MIN_VISIBLE.height };
  const reachable = workAreas.some((area) => {
    const overlap = intersection(titleStrip, area);
    return overlap.width >= Math.min(MIN_VISIBLE.width, bounds.width) && overlap.height >= MIN_VISIBLE.height;
  });
  if (!reachable) {
    log.info('saved window position is on no display: default placement');
    return null;
  }
  return { bounds, maximized };
}

function intersection(a: Rectangle, b: Rectangle): { width: number; height: number } {
  const width = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const height = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return { width: Math.max(0, width), height: Math.max(0, height) };
}

export type TrackedWindow = Pick<BrowserWindow, 'on' | 'getNormalBounds' | 'isMaximized' | 'isMinimized' | 'isDestroyed'>;

/** Saves the state on move/resize (debounced), on (un)maximize, and at once on close. */
export function trackWindowState(window: TrackedWindow, file: string, log: Logger, debounceMs = SAVE_DEBOUNCE_MS): void {
  let timer: NodeJS.Timeout | null = null;
  const save = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    // A minimized window's bounds are the taskbar icon's on some platforms; keep the last good ones.
    if (window.isDestroyed() || window.isMinimized()) return;
    // The normal bounds, not the maximized ones: un-maximizing after a restart goes back to them.
    const state: WindowState = { bounds: window.getNormalBounds(), maximized: window.isMaximized() };
    try {
      mkdirSync(dirname(file), { recursive: true });
      // Written whole and renamed into place: a crash never leaves half a file.
      const temporary = `${file}.tmp`;
      writeFileSync(temporary, JSON.stringify(state));
      renameSync(temporary, file);
    } catch (error) {
      log.warn('window state not saved', { reason: String(error) });
    }
  };
  const later = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(save, debounceMs);
  };
  window.on('move', later);
  window.on('resize', later);
  window.on('maximize', save);
  window.on('unmaximize', save);
  // Synchronous: after 'close' the window (and its bounds) are gone.
  window.on('close', save);
}

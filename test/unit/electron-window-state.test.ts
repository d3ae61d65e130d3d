// The window's size, position and maximized state across runs, with a fake Electron
// (BrowserWindow and screen) and fake timers for the debounce; the file is real.

import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMainWindow } from '../../main/electron/window';
import { SAVE_DEBOUNCE_MS } from '../../main/electron/window-state';
import { silentLogger } from '../../main/log/logger';

const fake = vi.hoisted(() => {
  interface Rect { x: number; y: number; width: number; height: number }
  type Listener = (event: { preventDefault(): void }) => void;
  class FakeBrowserWindow {
    static created: FakeBrowserWindow[] = [];
    readonly listeners = new Map<string, Listener[]>();
    normal: Rect;
    maximized = false;
    minimized = false;
    destroyed = false;
    readonly show = () => undefined;
    readonly removeMenu = () => undefined;
    readonly loadURL = async (_url: string) => undefined;
    constructor(readonly options: Record<string, unknown>) {
      this.normal = { x: Number(options.x ?? 100), y: Number(options.y ?? 80), width: Number(options.width), height: Number(options.height) };
      FakeBrowserWindow.created.push(this);
    }
    on(event: string, listener: Listener) {
      this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
      return this;
    }
    once(event: string, listener: Listener) {
      return this.on(event, listener);
    }
    emit(event: string) {
      for (const listener of this.listeners.get(event) ?? []) listener({ preventDefault: () => undefined });
    }
    getNormalBounds() {
      return { ...this.normal };
    }
    isMaximized() {
      return this.maximized;
    }
    isMinimized() {
      return this.minimized;
    }
    isDestroyed() {
      return this.destroyed;
    }
    maximize() {
      this.maximized = true;
    }
  }
  // Two displays side by side: 1920×1080 (task bar 40 px) and 1280×1024 to its right.
  const screen = {
    displays: [{ workArea: { x: 0, y: 0, width: 1920, height: 1040 } }, { workArea: { x: 1920, y: 0, width: 1280, height: 1024 } }],
    getAllDisplays: () => screen.displays,
  };
  return { FakeBrowserWindow, screen };
});

vi.mock('electron', () => ({ BrowserWindow: fake.FakeBrowserWindow, screen: fake.screen }));

const dir = mkdtempSync(join(tmpdir(), 'co-window-state-'));
let file: string;
let count = 0;

function open() {
  createMainWindow({ preloadPath: '/p.cjs', startUrl: 'app://bundle/index.html', log: silentLogger, stateFile: file });
  const window = fake.FakeBrowserWindow.created.at(-1);
  if (!window) throw new Error('no window');
  return window;
}
const saved = () => JSON.parse(readFileSync(file, 'utf8')) as unknown;

beforeEach(() => {
  vi.useFakeTimers();
  file = join(dir, `state-${++count}`, 'window-state.json');
});
afterEach(() => {
  vi.useRealTimers();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('window state', () => {
  it('opens at the default size the first time', () => {
    const window = open();
    expect(window.options).toMatchObject({ width: 1280, height: 820 });
    expect(window.options).not.toHaveProperty('x');
  });

  it('saves moves and resizes once they settle, and restores them at the next start', () => {
    const window = open();
    window.normal = { x: 2000, y: 50, width: 1100, height: 900 };
    window.emit('move');
    window.emit('resize');
    vi.advanceTimersByTime(SAVE_DEBOUNCE_MS - 1);
    expect(existsSync(file)).toBe(false);
    window.emit('resize');
    vi.advanceTimersByTime(SAVE_DEBOUNCE_MS);
    expect(saved()).toEqual({ bounds: { x: 2000, y: 50, width: 1100, height: 900 }, maximized: false });

    expect(open().options).toMatchObject({ x: 2000, y: 50, width: 1100, height: 900 });
  });

  it('saves at once on close, and remembers maximized with the bounds to go back to', () => {
    const window = open();
    window.normal = { x: 10, y: 20, width: 1200, height: 800 };
    window.maximized = true;
    window.emit('close');
    expect(saved()).toEqual({ bounds: { x: 10, y: 20, width: 1200, height: 800 }, maximized: true });

    const next = open();
    expect(next.options).toMatchObject({ x: 10, y: 20, width: 1200, height: 800 });
    expect(next.maximized).toBe(false);
    next.emit('ready-to-show');
    expect(next.maximized).toBe(true);
  });

  it('keeps the last good bounds while minimized', () => {
    const window = open();
    window.normal = { x: 30, y: 40, width: 1300, height: 850 };
    window.emit('close');
    const before = readFileSync(file, 'utf8');
    const next = open();
    next.minimized = true;
    next.normal = { x: -32000, y: -32000, width: 160, height: 28 };
    next.emit('move');
    vi.advanceTimersByTime(SAVE_DEBOUNCE_MS);
    next.emit('close');
    expect(readFileSync(file, 'utf8')).toBe(before);
  });

  it('ignores a place on no display (a monitor unplugged), a barely visible one, and a damaged file', () => {
    const window = open();
    window.normal = { x: 2200, y: 100, width: 1100, height: 800 };
    window.emit('close');
    // The second display is gone.
    fake.screen.displays = [{ workArea: { x: 0, y: 0, width: 1920, height: 1040 } }];
    try {
      expect(open().options).not.toHaveProperty('x');
      // Only 100 px of the title bar on screen: out of reach too.
      writeFileSync(file, JSON.stringify({ bounds: { x: 1820, y: 100, width: 1100, height: 800 }, maximized: false }));
      expect(open().options).not.toHaveProperty('x');
      // The title bar above the top edge.
      writeFileSync(file, JSON.stringify({ bounds: { x: 100, y: -600, width: 1100, height: 800 }, maximized: false }));
      expect(open().options).not.toHaveProperty('x');
      for (const damaged of ['{"bounds":', '{"bounds":{"x":"a"},"maximized":false}', 'null', JSON.stringify({ bounds: { x: 1e12, y: 0, width: 1, height: 1 }, maximized: false })]) {
        writeFileSync(file, damaged);
        expect(open().options).toMatchObject({ width: 1280, height: 820 });
      }
      // Smaller than the minimum the table needs: restored at the minimum.
      writeFileSync(file, JSON.stringify({ bounds: { x: 0, y: 0, width: 300, height: 200 }, maximized: false }));
      expect(open().options).toMatchObject({ x: 0, y: 0, width: 1024, height: 680 });
    } finally {
      fake.screen.displays = [{ workArea: { x: 0, y: 0, width: 1920, height: 1040 } }, { workArea: { x: 1920, y: 0, width: 1280, height: 1024 } }];
    }
  });
});

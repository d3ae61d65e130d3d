import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createMainWindow, WINDOW_TITLE } from '../../main/electron/window';
import { silentLogger } from '../../main/log/logger';

// A fake BrowserWindow that records what the adapter asked for.
const fake = vi.hoisted(() => {
  type Listener = (event: { preventDefault(): void }) => void;
  class FakeBrowserWindow {
    static created: FakeBrowserWindow[] = [];
    readonly listeners = new Map<string, Listener[]>();
    readonly show = vi.fn();
    readonly removeMenu = vi.fn();
    readonly loadURL = vi.fn(async (_url: string) => {});
    constructor(readonly options: Record<string, unknown>) {
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
      const preventDefault = vi.fn();
      for (const listener of this.listeners.get(event) ?? []) listener({ preventDefault });
      return preventDefault;
    }
  }
  return { FakeBrowserWindow };
});

// Hoisted above the imports by vitest.
vi.mock('electron', () => ({ BrowserWindow: fake.FakeBrowserWindow }));


describe('main window', () => {
  beforeEach(() => {
    fake.FakeBrowserWindow.created.length = 0;
  });

  it('is isolated and sandboxed, with no Node, webview or spellchecker', () => {
    createMainWindow({ preloadPath: '/app/out/preload/index.cjs', startUrl: 'app://bundle/index.html', log: silentLogger });
    const options = fake.FakeBrowserWindow.created[0]?.options;
    expect(options?.webPreferences).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      spellcheck: false,
    });
    expect(options?.show).toBe(false);
    expect(options?.title).toBe('原产地证书自助打印客户端');
  });

  it('stays hidden until ready-to-show, then loads the start URL', () => {
    createMainWindow({ preloadPath: '/p.cjs', startUrl: 'app://bundle/index.html', log: silentLogger });
    const window = fake.FakeBrowserWindow.created[0];
    expect(window).toBeDefined();
    if (!window) return;
    expect(window.options).toMatchObject({ show: false, title: WINDOW_TITLE });
    expect(window.loadURL).toHaveBeenCalledWith('app://bundle/index.html');
    expect(window.show).not.toHaveBeenCalled();
    window.emit('ready-to-show');
    expect(window.show).toHaveBeenCalledOnce();
  });

  it('keeps the product name as title whatever the page sets', () => {
    createMainWindow({ preloadPath: '/p.cjs', startUrl: 'app://bundle/index.html', log: silentLogger });
    const preventDefault = fake.FakeBrowserWindow.created[0]?.emit('page-title-updated');
    expect(preventDefault).toHaveBeenCalled();
  });

  it.runIf(process.platform !== 'darwin')('has no menu bar on Windows and Linux', () => {
    createMainWindow({ preloadPath: '/p.cjs', startUrl: 'app://bundle/index.html', log: silentLogger });
    expect(fake.FakeBrowserWindow.created[0]?.removeMenu).toHaveBeenCalled();
  });
});

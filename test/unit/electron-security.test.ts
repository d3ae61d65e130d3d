import { EventEmitter } from 'node:events';
import type { WebContents } from 'electron';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import * as security from '../../main/electron/security';
import { silentLogger } from '../../main/log/logger';

const fake = vi.hoisted(() => ({
  app: { on: vi.fn(), enableSandbox: vi.fn() },
  shell: { openExternal: vi.fn(async (_url: string) => {}) },
}));

// Hoisted above the imports by vitest.
vi.mock('electron', () => ({ app: fake.app, shell: fake.shell }));


type OpenHandler = (details: { url: string }) => { action: string };
type PermissionRequest = (contents: unknown, permission: string, callback: (granted: boolean) => void) => void;
type PermissionCheck = (contents: unknown, permission: string) => boolean;

/** Just enough WebContents for the guards: events, the window-open handler, a session. */
class FakeContents extends EventEmitter {
  openHandler: OpenHandler | null = null;
  readonly session = {
    request: null as PermissionRequest | null,
    check: null as PermissionCheck | null,
    setPermissionRequestHandler(handler: PermissionRequest) {
      this.request = handler;
    },
    setPermissionCheckHandler(handler: PermissionCheck) {
      this.check = handler;
    },
  };
  setWindowOpenHandler(handler: OpenHandler) {
    this.openHandler = handler;
  }
  /** Emits like Electron: an event object whose preventDefault is observable. */
  fire(name: string, url?: string) {
    const event = { url: url ?? '', preventDefault: vi.fn() };
    this.emit(name, event);
    return event.preventDefault;
  }
}

const options = { trustedOrigin: 'app://bundle', externalHosts: ['allowed.example'], log: silentLogger };

function hardened(): FakeContents {
  const contents = new FakeContents();
  security.hardenWebContents(contents as unknown as WebContents, options);
  return contents;
}

describe('security guards', () => {
  beforeEach(() => {
    fake.shell.openExternal.mockClear();
    fake.app.on.mockClear();
  });

  it('applies to every web contents through web-contents-created', () => {
    security.installSecurityGuards(options);
    expect(fake.app.on).toHaveBeenCalledWith('web-contents-created', expect.any(Function));
    const listener = fake.app.on.mock.calls[0]?.[1] as (event: unknown, contents: FakeContents) => void;
    const contents = new FakeContents();
    listener({}, contents);
    expect(contents.openHandler).not.toBeNull();
    expect(contents.fire('will-navigate', 'https://evil.example/')).toHaveBeenCalled();
  });

  it('enables the sandbox for all renderers', () => {
    security.enableSandbox();
    expect(fake.app.enableSandbox).toHaveBeenCalled();
  });

  it.each([
    'https://evil.example/',
    'http://allowed.example/',
    'file:///etc/passwd',
    'app://bundle.evil/index.html',
    'javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
  ])('prevents navigation to %s and opens nothing', (url) => {
    const contents = hardened();
    expect(contents.fire('will-navigate', url)).toHaveBeenCalled();
    expect(contents.fire('will-redirect', url)).toHaveBeenCalled();
    expect(fake.shell.openExternal).not.toHaveBeenCalled();
  });

  it('lets the app navigate within its own bundle', () => {
    const contents = hardened();
    expect(contents.fire('will-navigate', 'app://bundle/index.html#/print')).not.toHaveBeenCalled();
  });

  it('opens an allow-listed https link in the browser instead of navigating', () => {
    const contents = hardened();
    expect(contents.fire('will-navigate', 'https://allowed.example/help')).toHaveBeenCalled();
    expect(fake.shell.openExternal).toHaveBeenCalledWith('https://allowed.example/help');
  });

  it('denies every new window, opening only allow-listed https links externally', () => {
    const contents = hardened();
    const open = contents.openHandler;
    expect(open).not.toBeNull();
    if (!open) return;
    expect(open({ url: 'https://allowed.example/guide?x=1' })).toEqual({ action: 'deny' });
    expect(fake.shell.openExternal).toHaveBeenCalledWith('https://allowed.example/guide?x=1');
    fake.shell.openExternal.mockClear();
    for (const url of [
      'https://allowed.example.evil.com/',
      'https://evil.com/?allowed.example',
      'https://allowed.example@evil.com/',
      'https://user:pw@allowed.example/',
      'https://allowed.example:8443/',
      'http://allowed.example/',
      'javascript:alert(1)',
      'app://bundle/index.html',
      'not a url',
    ]) {
      expect(open({ url })).toEqual({ action: 'deny' });
    }
    expect(fake.shell.openExternal).not.toHaveBeenCalled();
  });

  it('prevents attaching a webview', () => {
    const contents = hardened();
    expect(contents.fire('will-attach-webview')).toHaveBeenCalled();
  });

  it('denies every permission request and check', () => {
    const contents = hardened();
    const { request, check } = contents.session;
    expect(request).not.toBeNull();
    expect(check).not.toBeNull();
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
      const callback = vi.fn();
      request?.(contents, permission, callback);
      expect(callback).toHaveBeenCalledWith(false);
      expect(check?.(contents, permission)).toBe(false);
    }
  });
});

describe('isAllowedExternalUrl', () => {
  it('matches the host exactly, case-insensitively, https only', () => {
    const hosts = ['allowed.example'];
    expect(security.isAllowedExternalUrl('https://ALLOWED.example/a', hosts)).toBe(true);
    expect(security.isAllowedExternalUrl('https://sub.allowed.example/', hosts)).toBe(false);
    expect(security.isAllowedExternalUrl('https://allowed.example.evil.com/', hosts)).toBe(false);
    expect(security.isAllowedExternalUrl('javascript:alert(1)//allowed.example', hosts)).toBe(false);
    expect(security.isAllowedExternalUrl('https://allowed.example/', [])).toBe(false);
  });
});

describe('process guards', () => {
  it('logs uncaught errors and crashed processes instead of losing them', () => {
    const errors: string[] = [];
    const log = { ...silentLogger, error: (message: string) => void errors.push(message) };
    // Installing real process handlers would swallow the test runner's own errors.
    const onProcess = vi.spyOn(process, 'on').mockImplementation(() => process);
    try {
      security.installProcessGuards(log);
      const processEvents = onProcess.mock.calls.map(([event]) => event);
      expect(processEvents).toEqual(expect.arrayContaining(['uncaughtException', 'unhandledRejection']));
      const uncaught = onProcess.mock.calls.find(([event]) => event === 'uncaughtException')?.[1] as (error: Error) => void;
      uncaught(new Error('boom'));
    } finally {
      onProcess.mockRestore();
    }
    const appEvents = new Map(fake.app.on.mock.calls.map(([event, listener]) => [event as string, listener as (...args: unknown[]) => void]));
    appEvents.get('render-process-gone')?.({}, { getURL: () => 'app://bundle/index.html?token=x' }, { reason: 'crashed', exitCode: 1 });
    appEvents.get('child-process-gone')?.({}, { type: 'GPU', reason: 'oom', exitCode: 2 });
    expect(errors).toEqual(['uncaught exception', 'a renderer process is gone', 'a child process is gone']);
  });
});

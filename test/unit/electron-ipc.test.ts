import type { BrowserWindow } from 'electron';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createEventSender, registerIpc } from '../../main/electron/ipc';
import { createDispatch, type Handlers } from '../../main/ipc/dispatch';
import { argSchemas } from '../../main/ipc/schemas';
import { silentLogger } from '../../main/log/logger';
import { CHANNELS, IPC_EVENT, IPC_INVOKE } from '../../preload/contract';

type InvokeHandler = (event: unknown, channel: unknown, args: unknown) => Promise<unknown>;

const fake = vi.hoisted(() => ({
  handlers: new Map<string, InvokeHandler>(),
  ipcMain: {
    handle: vi.fn((channel: string, handler: InvokeHandler) => void fake.handlers.set(channel, handler)),
    removeHandler: vi.fn((channel: string) => void fake.handlers.delete(channel)),
  },
}));

// Hoisted above the imports by vitest.
vi.mock('electron', () => ({ ipcMain: fake.ipcMain }));


/** An invoke event as Electron builds it: the sending frame and its web contents. */
function invokeEvent(frame: 'main' | 'sub' | 'gone', url = 'app://bundle/index.html') {
  const mainFrame = { url };
  const senderFrame = frame === 'main' ? mainFrame : frame === 'sub' ? { url } : null;
  return { senderFrame, sender: { mainFrame } };
}

function realDispatch(logout = vi.fn(async () => null)) {
  const unexpected = () => Promise.reject(new Error('not expected in this test'));
  const handlers = {
    ...(Object.fromEntries(CHANNELS.map((channel) => [channel, vi.fn(unexpected)])) as unknown as Handlers),
    'session:logout': logout,
  };
  return createDispatch({ schemas: argSchemas, handlers, trustedOrigin: 'app://bundle', log: silentLogger });
}

function registered(): InvokeHandler {
  const handler = fake.handlers.get(IPC_INVOKE);
  if (!handler) throw new Error('no invoke handler registered');
  return handler;
}

describe('registerIpc', () => {
  beforeEach(() => fake.handlers.clear());

  it('registers one handler on the invoke channel and can remove it', () => {
    const unregister = registerIpc(realDispatch(), silentLogger);
    expect([...fake.handlers.keys()]).toEqual([IPC_INVOKE]);
    unregister();
    expect(fake.handlers.size).toBe(0);
  });

  it('tells dispatch the sender URL and whether it is the main frame', async () => {
    const dispatch = vi.fn(async () => ({ ok: true as const, value: 1 }));
    registerIpc(dispatch, silentLogger);
    await registered()(invokeEvent('main'), 'session:current', []);
    await registered()(invokeEvent('sub', 'app://bundle/frame.html'), 'session:current', []);
    await registered()(invokeEvent('gone'), 'session:current', []);
    expect(dispatch.mock.calls).toEqual([
      ['session:current', [], { url: 'app://bundle/index.html', isMainFrame: true }],
      ['session:current', [], { url: 'app://bundle/frame.html', isMainFrame: false }],
      ['session:current', [], { url: '', isMainFrame: false }],
    ]);
  });

  it('calls the service for the main frame, through the real dispatch', async () => {
    const logout = vi.fn(async () => null);
    registerIpc(realDispatch(logout), silentLogger);
    expect(await registered()(invokeEvent('main'), 'session:logout', [])).toEqual({ ok: true, value: null });
    expect(logout).toHaveBeenCalledOnce();
  });

  it.each([
    ['a subframe', invokeEvent('sub')],
    ['a frame that is gone', invokeEvent('gone')],
    ['a foreign main frame', invokeEvent('main', 'https://evil.example/')],
  ])('answers FORBIDDEN_SENDER to %s without calling the service', async (_name, event) => {
    const logout = vi.fn(async () => null);
    registerIpc(realDispatch(logout), silentLogger);
    expect(await registered()(event, 'session:logout', [])).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_SENDER' } });
    expect(logout).not.toHaveBeenCalled();
  });

  it('turns a throwing dispatch into an INTERNAL Result', async () => {
    registerIpc(() => Promise.reject(new Error('bug')), silentLogger);
    expect(await registered()(invokeEvent('main'), 'session:current', [])).toMatchObject({
      ok: false,
      error: { code: 'INTERNAL' },
    });
  });
});

describe('createEventSender', () => {
  function fakeWindow(destroyed = false) {
    const send = vi.fn();
    const window = { isDestroyed: () => destroyed, webContents: { isDestroyed: () => destroyed, send } };
    return { window: window as unknown as BrowserWindow, send };
  }

  it('sends the event name and payload on the event channel', () => {
    const { window, send } = fakeWindow();
    createEventSender(() => window)('session:ended', { reason: 'expired' });
    expect(send).toHaveBeenCalledWith(IPC_EVENT, 'session:ended', { reason: 'expired' });
  });

  it('does nothing when the window is gone or destroyed', () => {
    const { window, send } = fakeWindow(true);
    expect(() => createEventSender(() => null)('session:ended', { reason: 'logout' })).not.toThrow();
    createEventSender(() => window)('session:ended', { reason: 'logout' });
    expect(send).not.toHaveBeenCalled();
  });
});

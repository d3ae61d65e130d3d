import { describe, expect, it, vi } from 'vitest';
import { CHANNELS, IPC_EVENT, IPC_INVOKE, type Api } from '../../preload/contract';

const fake = await vi.hoisted(async () => {
  // vi.hoisted runs before the imports, so it imports what it needs itself.
  const { EventEmitter } = await import('node:events');
  const ipcRenderer = Object.assign(new EventEmitter(), {
    invoke: vi.fn(async (..._args: unknown[]) => ({ ok: true, value: 'answer' })),
  });
  const exposed = new Map<string, unknown>();
  const contextBridge = { exposeInMainWorld: vi.fn((key: string, value: unknown) => void exposed.set(key, value)) };
  return { ipcRenderer, contextBridge, exposed };
});

// Hoisted above the imports by vitest.
vi.mock('electron', () => ({ ipcRenderer: fake.ipcRenderer, contextBridge: fake.contextBridge }));

await import('../../preload/index');

function exposedApi(): Api {
  const api = fake.exposed.get('api');
  if (api === undefined) throw new Error('nothing exposed as window.api');
  return api as Api;
}

describe('preload', () => {
  it('exposes exactly one object, as window.api', () => {
    expect(fake.contextBridge.exposeInMainWorld).toHaveBeenCalledOnce();
    expect([...fake.exposed.keys()]).toEqual(['api']);
  });

  it('exposes only the contract channels and on, all functions', () => {
    const api = exposedApi() as unknown as Record<string, unknown>;
    expect(Object.keys(api).sort()).toEqual([...CHANNELS, 'on'].sort());
    for (const value of Object.values(api)) expect(typeof value).toBe('function');
    // No raw IPC: nothing that looks like ipcRenderer or a generic send/invoke.
    for (const name of ['ipcRenderer', 'invoke', 'send', 'sendSync', 'removeListener']) expect(api).not.toHaveProperty(name);
  });

  it('invokes the single wire channel with the channel name and the argument array', async () => {
    const api = exposedApi();
    const query = { number: 'E24', offset: 0, limit: 50 };
    await expect(api['certificates:search'](query)).resolves.toEqual({ ok: true, value: 'answer' });
    expect(fake.ipcRenderer.invoke).toHaveBeenLastCalledWith(IPC_INVOKE, 'certificates:search', [query]);
    await api['session:logout']();
    expect(fake.ipcRenderer.invoke).toHaveBeenLastCalledWith(IPC_INVOKE, 'session:logout', []);
  });

  it('delivers only the subscribed event, without the IPC event object', () => {
    const api = exposedApi();
    const listener = vi.fn();
    api.on('session:ended', listener);
    fake.ipcRenderer.emit(IPC_EVENT, { sender: fake.ipcRenderer }, 'print:job', { printId: 'p1' });
    fake.ipcRenderer.emit(IPC_EVENT, { sender: fake.ipcRenderer }, 'session:ended', { reason: 'expired' });
    expect(listener.mock.calls).toEqual([[{ reason: 'expired' }]]);
  });

  it('returns an unsubscribe function that removes the IPC listener', () => {
    const api = exposedApi();
    const before = fake.ipcRenderer.listenerCount(IPC_EVENT);
    const listener = vi.fn();
    const unsubscribe = api.on('sync:state', listener);
    expect(fake.ipcRenderer.listenerCount(IPC_EVENT)).toBe(before + 1);
    unsubscribe();
    expect(fake.ipcRenderer.listenerCount(IPC_EVENT)).toBe(before);
    fake.ipcRenderer.emit(IPC_EVENT, {}, 'sync:state', { state: 'idle', lastSuccessAt: null });
    expect(listener).not.toHaveBeenCalled();
  });

  it('rejects unknown events and non-function listeners', () => {
    const on = exposedApi().on as (event: unknown, listener: unknown) => () => void;
    const before = fake.ipcRenderer.listenerCount(IPC_EVENT);
    expect(() => on('app:invoke', () => {})).toThrow(TypeError);
    expect(() => on('__proto__', () => {})).toThrow(TypeError);
    expect(() => on('session:ended', 'not a function')).toThrow(TypeError);
    expect(fake.ipcRenderer.listenerCount(IPC_EVENT)).toBe(before);
  });
});

// The keyhole between the page and the main process (STYLE §4): one named function
// per contract channel, plus `on` for events. The page never sees ipcRenderer, an
// IpcRendererEvent or a channel it could choose freely; main still checks every call
// (main/ipc/dispatch.ts), this only keeps the surface small.
//
// It runs sandboxed, so electron-vite bundles it (with the contract) into one CJS file.

import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { CHANNELS, IPC_EVENT, IPC_INVOKE, isEventName, type Api, type Channel, type EventName, type Events } from './contract';

type Calls = Omit<Api, 'on'>;

function call<C extends Channel>(channel: C): Calls[C] {
  // The arguments travel as one array; main parses them against the channel's schema.
  const invoke = (...args: unknown[]) => ipcRenderer.invoke(IPC_INVOKE, channel, args);
  return invoke as Calls[C];
}

// CHANNELS is checked against the contract's Channel type (CHANNEL_SET in
// preload/contract), so building the calls from it cannot miss or add one.
const calls = Object.fromEntries(CHANNELS.map((channel) => [channel, call(channel)])) as Calls;

function on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void {
  if (!isEventName(event)) throw new TypeError(`unknown event: ${String(event)}`);
  if (typeof listener !== 'function') throw new TypeError('listener must be a function');
  // The IpcRendererEvent is not passed on: its `sender` is ipcRenderer itself.
  const forward = (_event: IpcRendererEvent, name: unknown, payload: unknown) => {
    if (name === event) listener(payload as Events[E]);
  };
  ipcRenderer.on(IPC_EVENT, forward);
  return () => {
    ipcRenderer.removeListener(IPC_EVENT, forward);
  };
}

const api = { ...calls, on } satisfies Api;

contextBridge.exposeInMainWorld('api', api);

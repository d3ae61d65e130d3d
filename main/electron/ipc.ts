// The Electron end of the IPC contract: one invoke channel in, one event channel out.
// All checking (sender, arguments) is in the pure dispatch (main/ipc/dispatch.ts);
// this file only says who the sender was and forwards.

import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { IPC_EVENT, IPC_INVOKE, type EventName, type Events, type Result } from '../../preload/contract';
import type { Dispatch, Sender } from '../ipc/dispatch';
import type { Logger } from '../log/logger';

/** Registers the single invoke handler; returns a function that removes it. */
export function registerIpc(dispatch: Dispatch, log: Logger): () => void {
  ipcMain.handle(IPC_INVOKE, async (event: IpcMainInvokeEvent, channel: unknown, args: unknown): Promise<Result<unknown>> => {
    try {
      return await dispatch(channel, args, senderOf(event));
    } catch (error) {
      // dispatch returns Results; this only catches a bug in it. A thrown error would
      // reach the renderer as a bare message, so answer with the contract's shape.
      log.error('dispatch threw', error, { channel: String(channel) });
      return { ok: false, error: { code: 'INTERNAL', message: '程序内部错误,操作未完成。详情已记录在日志中。' } };
    }
  });
  return () => ipcMain.removeHandler(IPC_INVOKE);
}

/**
 * The frame that sent the call. `senderFrame` is null when the frame navigated or
 * was destroyed before the call arrived; that sender is nobody, and is refused.
 */
export function senderOf(event: Pick<IpcMainInvokeEvent, 'senderFrame' | 'sender'>): Sender {
  const frame = event.senderFrame;
  return {
    url: frame?.url ?? '',
    isMainFrame: frame !== null && frame === event.sender.mainFrame,
  };
}

/** The `emit` adapter for createAppCore: pushes an event to the window, if there still is one. */
export function createEventSender(
  getWindow: () => BrowserWindow | null,
): <E extends EventName>(event: E, payload: Events[E]) => void {
  return (event, payload) => {
    const window = getWindow();
    if (window === null || window.isDestroyed() || window.webContents.isDestroyed()) return;
    window.webContents.send(IPC_EVENT, event, payload);
  };
}

// The renderer's only door to the main process. In Electron the preload exposes
// `window.api`; in browser mode (development, e2e tests) the same Api is built over the
// loopback HTTP bridge.
import type { Api, AppError, Channel, Invoke, Result } from '../../../preload/contract';
import { createBrowserBridge, createUnavailableApi, takeBridgeToken, type ReconnectSignal } from './browser-bridge';
import { errorText } from './errors';

// Electron's IPC never drops (the main process and this page live and die together), so
// only the browser bridge's event stream can come back after losing pushes.
const NEVER_RECONNECTS: ReconnectSignal = { onReconnected: () => () => undefined };

function pickApi(): { api: Api; reconnect: ReconnectSignal; electron: boolean } {
  // No global `Window` augmentation here: the preload owns that declaration.
  const exposed = (window as unknown as { api?: Api }).api;
  if (exposed) return { api: exposed, reconnect: NEVER_RECONNECTS, electron: true };
  const token = takeBridgeToken();
  if (!token) return { api: createUnavailableApi(), reconnect: NEVER_RECONNECTS, electron: false };
  const bridge = createBrowserBridge(token);
  return { api: bridge, reconnect: bridge, electron: false };
}

const picked = pickApi();
export const api: Api = picked.api;
/** In Electron the main process shows desktop notifications itself; in a browser the page must. */
export const inElectron: boolean = picked.electron;

/** Called when the event stream is back after a loss: refetch what the missed pushes would have told. */
export function onReconnected(listener: () => void): () => void {
  return picked.reconnect.onReconnected(listener);
}

/** Thrown by `call` after the failure has been shown; callers only need to stop. */
export class ApiCallError extends Error {
  readonly error: AppError;
  constructor(channel: Channel, error: AppError) {
    super(`${channel}: ${error.code}`);
    this.name = 'ApiCallError';
    this.error = error;
  }
}

export type ErrorReporter = (error: AppError, text: string) => void;

// Set by the App once antd's context-aware message API exists; console until then.
let reporter: ErrorReporter = (error, text) => console.error('[api]', error.code, text);

export function setErrorReporter(next: ErrorReporter): void {
  reporter = next;
}

/** The raw Result, nothing shown: for callers that present the error themselves. */
export function invoke<C extends Channel>(channel: C, ...args: Invoke[C]['args']): Promise<Result<Invoke[C]['result']>> {
  // Indexing the mapped Api type with a generic key loses the call signature; restore it.
  const fn = api[channel] as (...a: Invoke[C]['args']) => Promise<Result<Invoke[C]['result']>>;
  return fn(...args);
}

/** Calls a channel and unwraps its Result; a failure is shown to the user, then thrown as ApiCallError. */
export async function call<C extends Channel>(channel: C, ...args: Invoke[C]['args']): Promise<Invoke[C]['result']> {
  const result = await invoke(channel, ...args);
  if (result.ok) return result.value;
  reporter(result.error, errorText(result.error));
  throw new ApiCallError(channel, result.error);
}

export function isApiCallError(value: unknown): value is ApiCallError {
  return value instanceof ApiCallError;
}

/** For `.catch` after `call`: an ApiCallError was already shown; anything else is a bug worth logging. */
export function alreadyShown(error: unknown): void {
  if (!isApiCallError(error)) console.error('[api] unexpected failure', error);
}

// Browser mode: the same Api as the Electron preload, spoken over a loopback HTTP bridge
// that serves this page from the same origin. Used for development and every e2e test,
// because Electron cannot run on those machines.
import {
  CHANNELS,
  isEventName,
  type Api,
  type AppError,
  type Channel,
  type EventName,
  type Events,
  type Result,
} from '../../../preload/contract';
import { decodeFrame, encodeFrame, FRAME_CONTENT_TYPE, fromWire } from './wire';

export const BRIDGE_TOKEN_STORAGE_KEY = 'bridge.token';

/**
 * The bridge token arrives once in the URL fragment (#token=HEX), which never reaches a
 * server log. It is removed from the address at once so it is not copied, bookmarked or
 * shown; it is kept in sessionStorage (this tab only) so that a reload keeps working.
 */
export function takeBridgeToken(): string | null {
  const match = /(?:^#|&)token=([0-9a-fA-F]+)(?:&|$)/.exec(window.location.hash);
  if (match?.[1]) {
    const token = match[1];
    history.replaceState(history.state, '', window.location.pathname + window.location.search);
    try {
      sessionStorage.setItem(BRIDGE_TOKEN_STORAGE_KEY, token);
    } catch {
      // Without storage the token still works until the page reloads.
    }
    return token;
  }
  try {
    return sessionStorage.getItem(BRIDGE_TOKEN_STORAGE_KEY);
  } catch {
    return null;
  }
}

/** The message stays empty: the UI shows the i18n text for the code (lib/errors.ts). */
function failure(code: AppError['code']): Result<never> {
  return { ok: false, error: { code, message: '' } };
}

function isResult(value: unknown): value is Result<unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  if (record.ok === true) return 'value' in record;
  if (record.ok === false) {
    const error = record.error as Record<string, unknown> | null | undefined;
    return typeof error === 'object' && error !== null && typeof error.code === 'string';
  }
  return false;
}

async function invoke(token: string, channel: Channel, args: unknown[]): Promise<Result<unknown>> {
  let response: Response;
  try {
    response = await fetch('/ipc/' + encodeURIComponent(channel), {
      method: 'POST',
      headers: { 'content-type': FRAME_CONTENT_TYPE, 'x-bridge-token': token },
      // A Blob sends the chunks, a scan's bytes among them, without joining them first.
      body: new Blob(encodeFrame(args) as BlobPart[], { type: FRAME_CONTENT_TYPE }),
    });
  } catch {
    // The bridge itself is gone (the app quit); nothing the user can do but restart it.
    return failure('INTERNAL');
  }
  let body: unknown;
  try {
    body = response.headers.get('content-type') === FRAME_CONTENT_TYPE ? decodeFrame(new Uint8Array(await response.arrayBuffer())) : undefined;
  } catch {
    body = undefined;
  }
  // The bridge answers Results even for refused calls; only a foreign answer is synthesised.
  if (isResult(body)) return body;
  if (response.status === 401 || response.status === 403) return failure('FORBIDDEN_SENDER');
  return failure('INTERNAL');
}

type Listener = (payload: never) => void;

/** Not an event of the contract: the event stream came back after it was lost (the app process restarted). */
export interface ReconnectSignal {
  onReconnected(listener: () => void): () => void;
}

function createEventHub(token: string): Pick<Api, 'on'> & ReconnectSignal {
  const listeners = new Map<EventName, Set<Listener>>();
  const reconnectListeners = new Set<() => void>();
  let source: EventSource | null = null;
  // Pushes sent while the stream was down are lost: whoever shows main's state asks again.
  let lost = false;

  // One EventSource, opened on the first subscription; the browser reconnects it by itself.
  function connect(): void {
    if (source) return;
    source = new EventSource('/events?token=' + encodeURIComponent(token));
    source.onerror = () => {
      lost = true;
    };
    source.onopen = () => {
      if (!lost) return;
      lost = false;
      for (const listener of reconnectListeners) {
        try {
          listener();
        } catch (error) {
          console.error('[bridge] reconnect listener failed', error);
        }
      }
    };
    source.onmessage = (message: MessageEvent<string>) => {
      let data: unknown;
      try {
        data = fromWire(message.data);
      } catch {
        return;
      }
      if (typeof data !== 'object' || data === null) return;
      const { event, payload } = data as { event?: unknown; payload?: unknown };
      if (!isEventName(event)) return;
      for (const listener of listeners.get(event) ?? []) {
        try {
          (listener as (payload: unknown) => void)(payload);
        } catch (error) {
          console.error('[bridge] event listener failed', event, error);
        }
      }
    };
  }

  return {
    on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void {
      connect();
      let set = listeners.get(event);
      if (!set) {
        set = new Set();
        listeners.set(event, set);
      }
      const stored = listener as Listener;
      set.add(stored);
      return () => {
        set.delete(stored);
      };
    },
    onReconnected(listener: () => void): () => void {
      connect();
      reconnectListeners.add(listener);
      return () => {
        reconnectListeners.delete(listener);
      };
    },
  };
}

export function createBrowserBridge(token: string): Api & ReconnectSignal {
  const calls = Object.fromEntries(
    CHANNELS.map((channel) => [channel, (...args: unknown[]) => invoke(token, channel, args)]),
  );
  // Built from CHANNELS, so every channel of the contract is present by construction.
  return { ...calls, ...createEventHub(token) } as unknown as Api & ReconnectSignal;
}

/** An Api whose every call fails: the page was opened without a bridge token. */
export function createUnavailableApi(): Api {
  const calls = Object.fromEntries(CHANNELS.map((channel) => [channel, () => Promise.resolve(failure('FORBIDDEN_SENDER'))]));
  return { ...calls, on: () => () => undefined } as unknown as Api;
}

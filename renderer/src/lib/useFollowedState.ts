import { useEffect, useRef, useState } from 'react';
import type { Channel, EventName, Events, Invoke } from '../../../preload/contract';
import { api, invoke, onReconnected } from './api';

/** main's long-lived states: the names it both answers for and pushes, with one type (sync, export, downloads, update). */
export type FollowedState = {
  [N in EventName & Channel]: [Invoke[N]['result']] extends [Events[N]] ? ([Events[N]] extends [Invoke[N]['result']] ? N : never) : never;
}[EventName & Channel];

/**
 * Follows one of main's long-lived states: asked for once, then kept up by its events,
 * and asked for again when the event stream comes back (browser mode, after the app
 * restarted and the pushes in between were lost). `apply` gets every newer state.
 */
export function useFollowedState<N extends FollowedState>(name: N, apply: (state: Events[N]) => void): void {
  const eventSeen = useRef(false);
  useEffect(() => {
    const ask = () => {
      void invoke(name).then((result) => {
        // An event that arrived while the call was in flight is newer than the call's answer.
        if (result.ok && !eventSeen.current) apply(result.value as Events[N]);
      });
    };
    const off = api.on(name, (next) => {
      eventSeen.current = true;
      apply(next);
    });
    ask();
    const offReconnected = onReconnected(() => {
      eventSeen.current = false;
      ask();
    });
    return () => {
      off();
      offReconnected();
    };
  }, [name, apply]);
}

/** The state itself; null until main has answered once. */
export function useFollowedValue<N extends FollowedState>(name: N): Events[N] | null {
  const [state, setState] = useState<Events[N] | null>(null);
  useFollowedState(name, setState);
  return state;
}

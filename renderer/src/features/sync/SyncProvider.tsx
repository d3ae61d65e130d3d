import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import type { SyncState } from '../../../../preload/contract';
import { api, invoke, onReconnected } from '../../lib/api';

interface SyncValue {
  /** null until main has answered once. */
  state: SyncState | null;
  /** Counts the runs that have ended: lists that show synced data refresh when it changes. */
  completedRuns: number;
}

const SyncContext = createContext<SyncValue>({ state: null, completedRuns: 0 });

export function SyncProvider({ children }: { children: ReactNode }) {
  const [value, setValue] = useState<SyncValue>({ state: null, completedRuns: 0 });
  const eventSeen = useRef(false);

  const apply = useCallback((next: SyncState) => {
    setValue((current) => ({
      state: next,
      completedRuns: runEnded(current.state, next) ? current.completedRuns + 1 : current.completedRuns,
    }));
  }, []);

  useEffect(() => {
    const off = api.on('sync:state', (next) => {
      eventSeen.current = true;
      apply(next);
    });
    void invoke('sync:state').then((result) => {
      // An event that arrived while the call was in flight is newer than the call's answer.
      if (result.ok && !eventSeen.current) apply(result.value);
    });
    // After the stream was lost (the app restarted) its state is asked for again.
    const offReconnected = onReconnected(() => {
      eventSeen.current = false;
      void invoke('sync:state').then((result) => {
        if (result.ok && !eventSeen.current) apply(result.value);
      });
    });
    return () => {
      off();
      offReconnected();
    };
  }, [apply]);

  return <SyncContext value={value}>{children}</SyncContext>;
}

/**
 * A run ended: seen going from running to anything else (a failed or cancelled run
 * may still have stored part of the data), or a newer success time than we knew —
 * a short run can start and finish before this page subscribed to the events.
 */
function runEnded(previous: SyncState | null, next: SyncState): boolean {
  if (previous?.state === 'running') return next.state !== 'running';
  return next.state !== 'running' && next.lastSuccessAt !== null && next.lastSuccessAt !== lastSuccessOf(previous);
}

function lastSuccessOf(state: SyncState | null): string | null {
  return state && state.state !== 'running' ? state.lastSuccessAt : null;
}

export function useSync(): SyncValue {
  return useContext(SyncContext);
}

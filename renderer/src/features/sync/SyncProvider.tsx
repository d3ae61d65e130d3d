import { createContext, useCallback, useContext, useState, type ReactNode } from 'react';
import type { SyncState } from '../../../../preload/contract';
import { useFollowedState } from '../../lib/useFollowedState';

interface SyncValue {
  /** null until main has answered once. */
  state: SyncState | null;
  /** Counts the runs that have ended: lists that show synced data refresh when it changes. */
  completedRuns: number;
}

const SyncContext = createContext<SyncValue>({ state: null, completedRuns: 0 });

export function SyncProvider({ children }: { children: ReactNode }) {
  const [value, setValue] = useState<SyncValue>({ state: null, completedRuns: 0 });

  const apply = useCallback((next: SyncState) => {
    setValue((current) => ({
      state: next,
      completedRuns: runEnded(current.state, next) ? current.completedRuns + 1 : current.completedRuns,
    }));
  }, []);

  useFollowedState('sync:state', apply);

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

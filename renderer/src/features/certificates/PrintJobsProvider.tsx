import { createContext, useCallback, useContext, useEffect, useMemo, useReducer, useState, type ReactNode } from 'react';
import type { PrintJobView } from '../../../../preload/contract';
import { api, invoke, onReconnected } from '../../lib/api';
import { initialPrintJobsState, upsertJobs, type PrintJobsState } from './printJobsReducer';

interface PrintJobsValue {
  state: PrintJobsState;
  addJobs: (views: readonly PrintJobView[]) => void;
  /** The jobs of the latest print:start, whose progress the queue shows and whose queued jobs it can cancel. */
  batch: readonly string[];
  addBatch: (views: readonly PrintJobView[]) => void;
  queueOpen: boolean;
  setQueueOpen: (open: boolean) => void;
}

const PrintJobsContext = createContext<PrintJobsValue | null>(null);

function reducer(state: PrintJobsState, views: readonly PrintJobView[]): PrintJobsState {
  return upsertJobs(state, views);
}

/** Lives as long as the signed-in frame, so jobs keep being followed whatever page is shown. */
export function PrintJobsProvider({ children }: { children: ReactNode }) {
  const [state, dispatch] = useReducer(reducer, initialPrintJobsState);
  const [queueOpen, setQueueOpen] = useState(false);
  const [batch, setBatch] = useState<readonly string[]>([]);

  useEffect(() => {
    const off = api.on('print:job', (view) => dispatch([view]));
    // Jobs from before this window existed — a crash between printing and the user's
    // answer leaves them in 'awaiting-confirmation', and the question must still be asked.
    const refetch = () =>
      void invoke('print:jobs').then((result) => {
        if (result.ok) dispatch(result.value);
      });
    refetch();
    // Events sent while the stream was down (the app restarted and resumed its jobs) are lost.
    const offReconnected = onReconnected(refetch);
    return () => {
      off();
      offReconnected();
    };
  }, []);

  const addJobs = useCallback((views: readonly PrintJobView[]) => dispatch(views), []);
  const addBatch = useCallback((views: readonly PrintJobView[]) => {
    dispatch(views);
    setBatch(views.map((view) => view.printId));
  }, []);
  const value = useMemo(() => ({ state, addJobs, batch, addBatch, queueOpen, setQueueOpen }), [state, addJobs, batch, addBatch, queueOpen]);
  return <PrintJobsContext value={value}>{children}</PrintJobsContext>;
}

export function usePrintJobs(): PrintJobsValue {
  const value = useContext(PrintJobsContext);
  if (!value) throw new Error('usePrintJobs outside PrintJobsProvider');
  return value;
}
